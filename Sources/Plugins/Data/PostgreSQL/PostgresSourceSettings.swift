import PluginKit
import PostgresSupport

/// A PostgreSQL Copy or Lookup `source` (`PostgreSqlSource`, `AzurePostgreSqlSource`,
/// `PostgreSqlV2Source`): a `query`, else the dataset's table, and `queryTimeout`.
struct PostgresSourceSettings: Sendable, Equatable {
    /// The SQL that gives the rows.
    var sql: String
    /// Seconds the query may run (ADF's default is 120 minutes); the server stops it after that.
    var queryTimeoutSeconds: Int

    static let defaultQueryTimeoutSeconds = 7200

    init(dataset: Invocation.Dataset, source: JSONValue) throws(ActivityFailure) {
        let properties = try PostgresProperties(source, path: "source")
        if let query = try properties.text("query"), !query.trimmingASCIISpaces().isEmpty {
            sql = query
        } else if let table = try PostgresTableName(dataset: dataset) {
            sql = "SELECT * FROM \(table.sql)"
        } else {
            throw .missingProperty("dataset '\(dataset.name)'.typeProperties.table (or source.query)")
        }
        queryTimeoutSeconds = try properties.timeSpan("queryTimeout") ?? Self.defaultQueryTimeoutSeconds
    }
}
