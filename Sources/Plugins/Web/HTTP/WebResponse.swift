import Foundation
import PluginKit

/// One HTTP answer, its body read whole (at most ``WebHTTPClient/maximumResponseBytes``).
struct WebResponse: Sendable {
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var isSuccess: Bool { (200..<300).contains(status) }
    var isFailure: Bool { status >= 400 }

    /// The body as text (invalid UTF-8 replaced).
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, nil when it is not JSON.
    var json: JSONValue? {
        guard !body.isEmpty else { return nil }
        return try? JSONParser.parse(body)
    }

    func header(_ name: String) -> String? {
        headers.first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    /// `Retry-After` in seconds (the HTTP-date form is ignored), capped at an hour.
    var retryAfter: Duration? {
        guard let text = header("Retry-After"), let seconds = Int64(text.trimmingWhitespace()), seconds >= 0 else {
            return nil
        }
        return .seconds(min(seconds, 3600))
    }

    /// The headers as ADF's `ADFWebActivityResponseHeaders`: name → value, repeated headers
    /// joined with ", " as .NET does.
    var headersObject: JSONValue {
        var object = JSONObject()
        for (name, value) in headers {
            if let existing = object[name]?.stringValue {
                object[name] = .string(existing + ", " + value)
            } else {
                object[name] = .string(value)
            }
        }
        return .object(object)
    }

    /// A short excerpt of the body for an error message, with `secrets` masked.
    func excerpt(scrubbing secrets: SecretScrubber, limit: Int = 1000) -> String {
        let text = secrets.scrub(self.text)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}

/// Replaces known secret values by `***` in text bound for an error or a log line.
struct SecretScrubber: Sendable {
    let secrets: [String]

    init(_ secrets: [String]) {
        // Longest first, so a secret containing another is masked whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}
