import PluginKit

/// The Script activity's output, as ADF writes it: `resultSetCount`, `recordsAffected`,
/// `resultSets` (each `rowCount` and `rows`), `outputParameters`, `outputLogs`,
/// `outputLogsLocation`, `outputTruncated`, and ADF's execution envelope.
struct ScriptOutput: Sendable {
    /// ADF keeps at most 5,000 rows and 4 MB of rows in the output, across all result sets; the
    /// rest are left out and `outputTruncated` says so.
    static let maximumRows = 5000
    static let maximumRowBytes = 4 << 20

    struct ResultSet: Sendable {
        /// Rows the statement returned (all of them, also those left out of ``rows``).
        var rowCount: Int
        var rows: [JSONValue]
    }

    var resultSets: [ResultSet] = []
    var recordsAffected: Int64 = 0
    /// Output and InputOutput parameters by name as written, in declaration order.
    var outputParameters: [(name: String, value: JSONValue)] = []
    var truncated = false
    var keptRows = 0
    var keptBytes = 0
    var executionDuration: Double = 0

    /// Whether one more row of `bytes` fits the output's limits.
    func fits(bytes: Int) -> Bool {
        keptRows < Self.maximumRows && keptBytes + bytes <= Self.maximumRowBytes
    }

    mutating func setOutput(_ name: String, _ value: JSONValue) {
        if let index = outputParameters.firstIndex(where: { $0.name == name }) {
            outputParameters[index].value = value
        } else {
            outputParameters.append((name, value))
        }
    }

    var json: JSONValue {
        .object([
            "resultSetCount": .integer(Int64(resultSets.count)),
            "recordsAffected": .integer(recordsAffected),
            "resultSets": .array(
                resultSets.map { .object(["rowCount": .integer(Int64($0.rowCount)), "rows": .array($0.rows)]) }),
            "outputParameters": .object(JSONObject(outputParameters.map { ($0.name, $0.value) })),
            "outputLogs": "",
            "outputLogsLocation": "",
            "outputTruncated": .bool(truncated),
            "effectiveIntegrationRuntime": "pipehost (local)",
            "executionDuration": .double(executionDuration),
            "durationInQueue": ["integrationRuntimeQueue": 0],
        ])
    }
}
