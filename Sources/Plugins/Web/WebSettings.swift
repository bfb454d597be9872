import PluginKit

/// The Web plugin's `settings` object from plugins.json (docs/data-activities.md). Every field is
/// optional; an unknown field is refused so that a misspelt setting does not silently do nothing.
struct WebSettings: Sendable, Equatable {
    /// Where service principal tokens come from: `{authorityHost}/{tenant}/oauth2/token`.
    var authorityHost = "https://login.microsoftonline.com"
    /// The address the WebHook callback server listens on.
    var callbackHost = "127.0.0.1"
    /// Its port; 0 picks a free one when the first WebHook activity starts.
    var callbackPort = 0
    /// The base URL put into `callBackUri` when endpoints must reach pipehost through another
    /// name (a proxy, a container's published port); nil means `http://{callbackHost}:{port}`.
    var callbackBaseURL: String?
    /// How long the plugin waits between two polls of a 202's `Location` without `Retry-After`.
    var asyncPollInterval: Duration = .seconds(10)
    /// How often the host asks whether a WebHook's callback arrived.
    var callbackPollInterval: Duration = .seconds(1)
    /// How long opening a connection may take.
    var connectTimeout: Duration = .seconds(30)
    /// How long an Azure Function call may take (Azure's own front end gives up after 230 s).
    var functionRequestTimeout: Duration = .seconds(230)

    /// The fields and what each takes, for the message about an unknown one.
    static let fields: [(name: String, meaning: String)] = [
        (
            "authorityHost",
            "token endpoint host for ServicePrincipal authentication (default https://login.microsoftonline.com)"
        ),
        ("callbackHost", "address the WebHook callback server listens on (default 127.0.0.1)"),
        ("callbackPort", "its port, 0 for any free one (default 0)"),
        ("callbackBaseUrl", "base URL advertised in callBackUri (default http://callbackHost:port)"),
        ("asyncPollIntervalMilliseconds", "wait between polls of a 202 Location without Retry-After (default 10000)"),
        ("callbackPollIntervalMilliseconds", "how often a WebHook checks for its callback (default 1000)"),
        ("connectTimeoutSeconds", "time to open a connection (default 30)"),
        ("functionRequestTimeoutSeconds", "timeout of an Azure Function call (default 230)"),
    ]

    init() {}

    /// Reads the settings object.
    init(_ settings: JSONValue) throws(ActivityFailure) {
        guard case .object(let object) = settings else {
            throw .userError("The Web plugin's settings must be a JSON object.")
        }
        for member in object where !Self.fields.contains(where: { $0.name == member.key }) {
            let known = Self.fields.map { "\($0.name) (\($0.meaning))" }.joined(separator: ", ")
            throw .userError(
                "Unknown setting '\(member.key)' of the Web plugin in plugins.json; known settings: \(known).")
        }
        func integer(_ name: String, in range: ClosedRange<Int64>) throws(ActivityFailure) -> Int64? {
            guard let value = object[name] else { return nil }
            guard let number = value.integerValue, range.contains(number) else {
                throw .userError(
                    "The Web plugin's setting '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)."
                )
            }
            return number
        }
        func text(_ name: String) throws(ActivityFailure) -> String? {
            guard let value = object[name] else { return nil }
            guard let string = value.stringValue, !string.isEmpty else {
                throw .userError("The Web plugin's setting '\(name)' must be a non-empty string.")
            }
            return string
        }
        if let value = try text("authorityHost") {
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw .userError(
                    "The Web plugin's setting 'authorityHost' must be an http:// or https:// URL, not '\(value)'.")
            }
            authorityHost = String(value.reversed().drop(while: { $0 == "/" }).reversed())
        }
        if let value = try text("callbackHost") { callbackHost = value }
        if let value = try integer("callbackPort", in: 0...65535) { callbackPort = Int(value) }
        if let value = try text("callbackBaseUrl") {
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw .userError(
                    "The Web plugin's setting 'callbackBaseUrl' must be an http:// or https:// URL, not '\(value)'.")
            }
            callbackBaseURL = String(value.reversed().drop(while: { $0 == "/" }).reversed())
        }
        if let value = try integer("asyncPollIntervalMilliseconds", in: 1...3_600_000) {
            asyncPollInterval = .milliseconds(value)
        }
        if let value = try integer("callbackPollIntervalMilliseconds", in: 1...60_000) {
            callbackPollInterval = .milliseconds(value)
        }
        if let value = try integer("connectTimeoutSeconds", in: 1...600) { connectTimeout = .seconds(value) }
        if let value = try integer("functionRequestTimeoutSeconds", in: 1...3600) {
            functionRequestTimeout = .seconds(value)
        }
    }
}
