import Foundation
import PluginKit

/// A Web activity's output as ADF writes it: a JSON object answer's members at the top level
/// (anything else, a JSON array or value or text, as the string `Response`), the answer's
/// headers as `ADFWebActivityResponseHeaders`, and the execution envelope.
enum ResponseOutput {
    /// The integration runtime pipehost reports (the same text as the other shipped plugins).
    static let integrationRuntime = "pipehost (local)"

    static func make(_ response: WebResponse, startedAt: Int64, includeHeaders: Bool = true) -> JSONValue {
        var object = envelope(startedAt: startedAt)
        if case .object(let members)? = response.json {
            for (key, value) in members { object[key] = value }
        } else {
            object["Response"] = .string(response.text)
        }
        if includeHeaders { object["ADFWebActivityResponseHeaders"] = response.headersObject }
        return .object(object)
    }

    /// `effectiveIntegrationRuntime`, `executionDuration` (whole seconds) and `durationInQueue`.
    static func envelope(startedAt: Int64) -> JSONObject {
        [
            "effectiveIntegrationRuntime": .string(integrationRuntime),
            "executionDuration": .integer(max((nowMilliseconds() - startedAt) / 1000, 0)),
            "durationInQueue": ["integrationRuntimeQueue": 0],
        ]
    }

    /// Milliseconds since 1970, UTC.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
