/// Which failures of a call to the Azure ML service are worth trying again, and how long to wait.
///
/// Transient: the connection failed or timed out, or the service answered 408, 429, 500, 502, 503
/// or 504 (throttling, overload, a gateway in between). Anything else — a 400 about the request, a
/// 401 about the key, a 404 — fails at once: sending the same request again cannot help.
///
/// Waits grow exponentially from `baseDelay` to `maxDelay`, each drawn uniformly from its upper
/// half so that hundreds of activities throttled together do not come back together; a
/// `Retry-After` from the service is honoured up to `maxDelay`.
struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first try (so at most `maxRetries + 1` requests).
    var maxRetries: Int
    var baseDelay: Duration
    var maxDelay: Duration

    /// HTTP statuses that mean "try again later".
    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    static func isTransient(status: Int) -> Bool {
        transientStatuses.contains(status)
    }

    /// The wait before retry number `retry` (1 for the first retry).
    func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let milliseconds = max(Int64(ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000), 1)
        let half = milliseconds / 2
        return .milliseconds(half + Int64.random(in: 0...max(milliseconds - half, 0)))
    }
}
