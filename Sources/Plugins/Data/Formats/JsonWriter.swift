import PluginKit

/// Writes rows (or whole objects) as JSON: one object per line for `setOfObjects`, one array
/// for `arrayOfObjects`. A row becomes an object of its columns in order; cells keep their kind.
final class JsonWriter: RowWriter, @unchecked Sendable {
    // The copy loop calls one method at a time.
    private let output: TextSink
    private let pattern: JsonSettings.FilePattern
    private let names: [String]
    private var rows: Int64 = 0

    init(output: TextSink, settings: JsonSettings, columns: [Column]) {
        self.output = output
        pattern = settings.filePattern
        names = columns.map(\.name)
    }

    func write(_ rows: [[Cell]]) async throws(ActivityFailure) {
        try await writeObjects(
            rows.map { row in
                .object(JSONObject(zip(names, row).map { ($0.0, $0.1.json) }))
            })
    }

    func writeObjects(_ objects: [JSONValue]) async throws(ActivityFailure) {
        var bytes: [UInt8] = []
        for object in objects {
            switch pattern {
            case .setOfObjects:
                JSONSerializer.write(object, to: &bytes)
                bytes += [0x0D, 0x0A]
            case .arrayOfObjects:
                bytes += rows == 0 ? Array("[\r\n".utf8) : Array(",\r\n".utf8)
                JSONSerializer.write(object, to: &bytes)
            }
            rows += 1
        }
        try await output.append(bytes)
    }

    func commit() async throws(ActivityFailure) -> WrittenData {
        if pattern == .arrayOfObjects {
            do throws(ActivityFailure) {
                try await output.append(Array((rows == 0 ? "[]" : "\r\n]").utf8))
            } catch {
                await output.abort()
                throw error
            }
        }
        return WrittenData(bytes: try await output.commit(), rows: rows, files: 1)
    }

    func abort() async { await output.abort() }
}
