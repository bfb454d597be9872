import PluginKit

/// One HTTP answer of the Azure ML service.
struct ServiceResponse: Sendable {
    let status: Int
    let body: [UInt8]
    /// `Retry-After` in seconds, when the service sent one.
    let retryAfter: Duration?

    var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as JSON, or nil when it is empty or not JSON.
    var json: JSONValue? {
        guard !body.isEmpty else { return nil }
        return try? JSONParser.parse(body)
    }

    /// The body as text (invalid UTF-8 repaired).
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The error envelope of Azure ML Studio (classic) web services (reference/adf.md §3.3):
/// `{"error": {"code": "BadArgument", "message": "Invalid argument provided.",
///             "details": [{"code": "InvalidInputNames", "message": "…"}]}}`.
struct ServiceErrorEnvelope: Sendable, Equatable {
    var code: String?
    var message: String?
    var detailCode: String?
    var detailMessage: String?

    /// Reads the envelope from an answer; nil when the body is not one.
    init?(_ response: ServiceResponse) {
        guard let json = response.json, case .object(let root) = json,
            case .object(let error)? = root.member(caseInsensitive: "error")?.value
        else { return nil }
        code = error[caseInsensitive: "code"]?.stringValue
        message = error[caseInsensitive: "message"]?.stringValue
        if let first = error[caseInsensitive: "details"]?.arrayValue?.first?.objectValue {
            detailCode = first[caseInsensitive: "code"]?.stringValue
            detailMessage = first[caseInsensitive: "message"]?.stringValue
        }
        if code == nil && message == nil { return nil }
    }

    /// What ADF quotes: the message, then the first detail's message.
    var quotedText: String {
        [message, detailMessage].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// Standard reason phrases for statuses the service or a gateway may answer without an envelope.
enum HTTPReason {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP status \(status)"
        }
    }
}
