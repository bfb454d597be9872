import Foundation
import PluginKit

/// The generic output of ADF execution activities (reference/adf.md §6.3), which the Azure ML
/// activities extend with their own members:
/// `{"effectiveIntegrationRuntime": "pipehost (local)", "executionDuration": 12, "durationInQueue": {"integrationRuntimeQueue": 0}, …}`.
enum ActivityOutputEnvelope {
    /// The integration runtime that pipehost reports: the activity ran on this machine (the same text as the other shipped plugins).
    static let integrationRuntime = "pipehost (local)"

    /// The envelope followed by `members`. `executionDuration` is in whole seconds, as ADF writes it.
    static func make(executionSeconds: Int64, _ members: [(String, JSONValue)]) -> JSONValue {
        var object: JSONObject = [
            "effectiveIntegrationRuntime": .string(integrationRuntime),
            "executionDuration": .integer(max(executionSeconds, 0)),
            "durationInQueue": ["integrationRuntimeQueue": 0],
        ]
        for (key, value) in members { object[key] = value }
        return .object(object)
    }

    /// Milliseconds since 1970, UTC.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
