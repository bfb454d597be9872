import PluginKit
import PostgresSupport

/// A PostgreSQL Copy `sink` (`AzurePostgreSqlSink`; the type is not checked): how rows are written.
struct PostgresSinkSettings: Sendable, Equatable {
    /// Plain inserts, or insert-or-update by key columns.
    enum Behavior: Sendable, Equatable {
        case insert
        /// Rows whose key columns match an existing row update it; the others are inserted. No keys
        /// means the table's primary key.
        case upsert(keys: [String])
    }

    var behavior: Behavior
    /// SQL run in the copy's transaction before the first row (may hold several statements).
    var preCopyScript: String?
    /// Create the table from the incoming columns when it does not exist (`tableOption: autoCreate`).
    var autoCreate: Bool
    /// Rows sent in one `COPY`; nil means a batch ends at ``maximumBatchBytes``.
    var writeBatchSize: Int?
    /// Seconds one batch may take on the server.
    var writeBatchTimeoutSeconds: Int?

    /// The most bytes a batch holds before it is sent, whatever `writeBatchSize` says.
    static let maximumBatchBytes = 8 << 20

    init(sink: JSONValue) throws(ActivityFailure) {
        let properties = try PostgresProperties(sink, path: "sink")
        preCopyScript = try properties.text("preCopyScript").flatMap { $0.trimmingASCIISpaces().isEmpty ? nil : $0 }
        writeBatchSize = try properties.integer("writeBatchSize", in: 0...Int(Int32.max)).flatMap { $0 == 0 ? nil : $0 }
        writeBatchTimeoutSeconds = try properties.timeSpan("writeBatchTimeout")
        switch try properties.text("tableOption")?.lowercased() {
        case nil, "", "none": autoCreate = false
        case "autocreate": autoCreate = true
        case let other?:
            throw .invalidProperty("sink.tableOption", "expected 'autoCreate' or nothing, found '\(other)'")
        }
        var upsert = false
        switch try properties.text("writeMethod")?.lowercased() {
        case nil, "bulkinsert", "copycommand": break
        case "upsert": upsert = true
        case let other?:
            throw .invalidProperty(
                "sink.writeMethod", "expected one of BulkInsert, CopyCommand, Upsert, found '\(other)'")
        }
        switch try properties.text("writeBehavior")?.lowercased() {
        case nil, "insert": break
        case "upsert": upsert = true
        case let other?:
            throw .invalidProperty("sink.writeBehavior", "expected 'insert' or 'upsert', found '\(other)'")
        }
        if upsert {
            let settings = try properties.nested("upsertSettings")
            behavior = .upsert(keys: try settings?.strings("keys") ?? [])
        } else {
            behavior = .insert
        }
    }
}
