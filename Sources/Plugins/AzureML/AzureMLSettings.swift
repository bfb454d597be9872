import PluginKit

/// The plugin's `settings` object from plugins.json (docs/azureml-plugins.md). Every field is
/// optional; unknown fields are refused so that a misspelt setting does not silently do nothing.
struct AzureMLSettings: Sendable, Equatable {
    /// How long the host waits between two status polls of a running job.
    var pollInterval: Duration = .seconds(1)
    /// The longest one HTTP request may take before it counts as a (transient) timeout.
    var requestTimeout: Duration = .seconds(60)
    /// How long opening a connection may take before the try counts as a (transient) timeout.
    var connectTimeout: Duration = .seconds(10)
    /// Retries of transient failures, their first and longest wait.
    var retry = RetryPolicy(maxRetries: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(8))
    /// Connections the plugin keeps open to one service host at most (all activities share them).
    var maxConnectionsPerHost = 64
    /// How long the SAS token that Update Resource signs for the `.ilearner` stays valid.
    var updateResourceSASLifetime: Duration = .seconds(3600)

    /// The fields and what each takes, for the message about an unknown one.
    static let fields: [(name: String, meaning: String)] = [
        ("pollIntervalMilliseconds", "wait between status polls (default 1000)"),
        ("requestTimeoutSeconds", "timeout of one HTTP request (default 60)"),
        ("connectTimeoutSeconds", "time to open a connection (default 10)"),
        ("maxRetries", "retries of a transient failure (default 4)"),
        ("retryBaseDelayMilliseconds", "first wait before a retry (default 500)"),
        ("retryMaxDelayMilliseconds", "longest wait before a retry (default 8000)"),
        ("maxConnectionsPerHost", "connections to one service host (default 64)"),
        ("updateResourceSasLifetimeMinutes", "validity of the .ilearner SAS (default 60)"),
    ]

    init() {}

    /// Reads the settings object.
    init(_ settings: JSONValue) throws(ActivityFailure) {
        guard case .object(let object) = settings else {
            throw .userError("The AzureML plugin's settings must be a JSON object.")
        }
        for member in object {
            guard Self.fields.contains(where: { $0.name == member.key }) else {
                let known = Self.fields.map { "\($0.name) (\($0.meaning))" }.joined(separator: ", ")
                throw .userError("Unknown setting '\(member.key)' of the AzureML plugin in plugins.json; known settings: \(known).")
            }
        }
        func integer(_ name: String, in range: ClosedRange<Int64>) throws(ActivityFailure) -> Int64? {
            guard let value = object[name] else { return nil }
            guard let number = value.integerValue, range.contains(number) else {
                throw .userError(
                    "The AzureML plugin's setting '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return number
        }
        if let value = try integer("pollIntervalMilliseconds", in: 1...3_600_000) { pollInterval = .milliseconds(value) }
        if let value = try integer("requestTimeoutSeconds", in: 1...3600) { requestTimeout = .seconds(value) }
        if let value = try integer("connectTimeoutSeconds", in: 1...600) { connectTimeout = .seconds(value) }
        if let value = try integer("maxRetries", in: 0...20) { retry.maxRetries = Int(value) }
        if let value = try integer("retryBaseDelayMilliseconds", in: 1...600_000) { retry.baseDelay = .milliseconds(value) }
        if let value = try integer("retryMaxDelayMilliseconds", in: 1...3_600_000) { retry.maxDelay = .milliseconds(value) }
        if let value = try integer("maxConnectionsPerHost", in: 1...4096) { maxConnectionsPerHost = Int(value) }
        if let value = try integer("updateResourceSasLifetimeMinutes", in: 1...10_080) {
            updateResourceSASLifetime = .seconds(value * 60)
        }
        if retry.maxDelay < retry.baseDelay {
            throw .userError("The AzureML plugin's retryMaxDelayMilliseconds must not be less than retryBaseDelayMilliseconds.")
        }
    }
}
