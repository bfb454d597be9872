import PluginKit

@testable import DataPluginCore

/// Bytes in memory, handed out in chunks of `chunkSize` to exercise boundaries.
final class MemorySource: ByteSource, @unchecked Sendable {
    private var bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    init(_ text: String, chunkSize: Int = 3) {
        bytes = Array(text.utf8)
        self.chunkSize = chunkSize
    }

    init(bytes: [UInt8], chunkSize: Int = 3) {
        self.bytes = bytes
        self.chunkSize = chunkSize
    }

    var bytesRead: Int64 { Int64(offset) }

    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
        let end = min(bytes.count, offset + min(maximum, chunkSize))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    func close() async {}
}

/// A sink that keeps what was committed.
final class MemorySink: ByteSink, @unchecked Sendable {
    private(set) var pending: [UInt8] = []
    private(set) var committed: [UInt8]?
    private(set) var aborted = false

    func write(_ bytes: [UInt8]) async throws(ActivityFailure) { pending += bytes }

    func commit() async throws(ActivityFailure) -> Int64 {
        committed = pending
        return Int64(pending.count)
    }

    func abort() async { aborted = true }

    var text: String? { committed.map { String(decoding: $0, as: UTF8.self) } }
}

/// A DelimitedText dataset with these typeProperties.
func delimitedDataset(_ properties: JSONObject = [:], schema: JSONValue? = nil) -> Invocation.Dataset {
    var json: JSONObject = ["name": "csv", "type": "DelimitedText", "typeProperties": .object(properties)]
    if let schema { json["schema"] = schema }
    return Invocation.Dataset(json: .object(json))!
}

/// Every row of a reader.
func allRows(_ reader: any RowReader) async throws -> [[Cell]] {
    var rows: [[Cell]] = []
    while true {
        let batch = try await reader.next(limit: 2)
        if batch.isEmpty { return rows }
        rows += batch
    }
}

/// Opens a delimited-text reader over `text`.
func csvReader(
    _ text: String, _ properties: JSONObject = [:], formatSettings: JSONValue? = nil, skipping: Bool = false,
    chunkSize: Int = 3
) async throws -> (any RowReader, IncompatibleRows) {
    let dataset = delimitedDataset(properties)
    let settings = try DelimitedTextSettings(dataset: dataset, formatSettings: formatSettings, formatSettingsPath: "fs")
    let incompatible = IncompatibleRows(skipping: skipping)
    let source = try TextSource(
        bytes: MemorySource(text, chunkSize: chunkSize), file: "in.csv", encoding: settings.encoding,
        compression: settings.compression)
    let reader = try await DelimitedTextReader.open(source, settings: settings, schema: nil, incompatible: incompatible)
    return (reader, incompatible)
}
