import Foundation
import PluginKit

/// The typeProperties of a Web activity (and, through ``init(reader:methods:)`` pieces, of a
/// WebHook activity): what to send, how to authenticate, how long to wait.
struct WebRequestProperties: Sendable {
    var method: HTTPMethodName
    var url: URL
    var headers: RequestHeaders
    var body: JSONValue?
    var authentication: WebAuthentication
    var httpRequestTimeout: Duration
    var turnOffAsync: Bool
    var disableCertValidation: Bool

    /// ADF's default and largest `httpRequestTimeout`.
    static let defaultTimeout: Duration = .seconds(60)
    static let maximumTimeout: Duration = .seconds(600)

    init(_ typeProperties: JSONValue) throws(ActivityFailure) {
        let reader = try PropertyReader(typeProperties, path: "typeProperties")
        method = try Self.method(reader, allowed: HTTPMethodName.web)
        url = try WebURL.required(reader, "url")
        headers = try RequestHeaders(reader.value("headers"), path: reader.path("headers"))
        body = reader.value("body")
        authentication = try WebAuthentication(reader.value("authentication"), path: reader.path("authentication"))
        turnOffAsync = try reader.bool("turnOffAsync", default: false)
        disableCertValidation = try reader.bool("disableCertValidation", default: false)
        httpRequestTimeout = Self.defaultTimeout
        if let text = try reader.string("httpRequestTimeout"), !text.trimmingWhitespace().isEmpty {
            guard let duration = TimeSpanText.duration(text), duration >= .seconds(1), duration <= Self.maximumTimeout
            else {
                throw .invalidProperty(
                    reader.path("httpRequestTimeout"),
                    "'\(text)' is not a timeout from 00:00:01 to 00:10:00 (hh:mm:ss; the default is 00:01:00)")
            }
            httpRequestTimeout = duration
        }
    }

    /// Reads `method`, one of `allowed` (any case).
    static func method(_ reader: PropertyReader, allowed: [HTTPMethodName]) throws(ActivityFailure) -> HTTPMethodName {
        let text = try reader.requiredString("method")
        guard let method = HTTPMethodName(text), allowed.contains(method) else {
            throw .invalidProperty(
                reader.path("method"),
                "'\(text)' is not supported; use \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return method
    }

    /// Everything that must never be shown.
    var secrets: [String] { headers.sensitiveValues + authentication.secrets }
}
