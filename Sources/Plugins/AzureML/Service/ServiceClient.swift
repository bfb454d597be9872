import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PluginKit

/// The plugin's one HTTP client, shared by every activity call of the plugin instance: a single
/// connection pool sized for hundreds of concurrent jobs, on the process-wide NIO event loops (so
/// the plugin adds no threads of its own).
///
/// The API key travels only in the `Authorization: Bearer` header; it is never part of a URL,
/// a log message or an error.
final class ServiceClient: Sendable {
    private let http: HTTPClient
    let retry: RetryPolicy
    let requestTimeout: Duration

    /// The largest answer read; Azure ML's answers are a few kilobytes.
    static let maximumResponseBytes = 4 * 1024 * 1024

    init(settings: AzureMLSettings) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.maxConnectionsPerHost)
        // Azure ML endpoints do not redirect; a redirect would carry the key elsewhere.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(settings.connectTimeout.components.seconds))
        // A failed connection attempt fails the request at once and ``sendRetrying`` decides: a
        // refused loopback connection is final, anything else is tried again with ``RetryPolicy``'s
        // back-off. (The client's own retrying would try again until the connect timeout, inside
        // every one of those tries, whatever the cause.)
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        retry = settings.retry
        requestTimeout = settings.requestTimeout
    }

    /// Closes every connection. Called once, at the plugin's shutdown.
    func shutdown() {
        try? http.syncShutdown()
    }

    /// The HTTP methods the Azure ML protocols use.
    enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE"

        var http: HTTPMethod {
            switch self {
            case .get: .GET
            case .post: .POST
            case .patch: .PATCH
            case .delete: .DELETE
            }
        }
    }

    /// How one try ended.
    enum TryOutcome: Sendable {
        /// The service answered (any status).
        case answered(ServiceResponse)
        /// No answer: connection refused or reset, or the request timed out.
        case unreachable(TransportFailure)
    }

    /// Sends one request, without retrying. Throws only `CancellationError`.
    func send(_ method: Method, _ url: String, apiKey: String, body: JSONValue? = nil) async throws -> TryOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = method.http
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(JSONSerializer.bytes(body))
        } else if method == .post || method == .patch {
            request.body = .bytes([UInt8]())  // framed as Content-Length: 0
        }
        let seconds = requestTimeout.components.seconds
        do {
            let response = try await http.execute(request, timeout: .seconds(seconds))
            let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int64.init).map { Duration.seconds($0) }
            return .answered(
                ServiceResponse(status: Int(response.status.code), body: Array(buffer.readableBytesView), retryAfter: retryAfter))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .unreachable(TransportFailure.classify(error, url: url, timeout: seconds))
        }
    }

    /// Sends a request, trying again after transient failures (see ``RetryPolicy`` and
    /// ``TransportFailure``). Returns the last answer and how many requests were made, or throws the
    /// failure from `failures` when the service stayed unreachable or cannot be reached at all.
    /// Throws `CancellationError` when the call is cancelled.
    func sendRetrying(
        _ method: Method, _ url: String, apiKey: String, body: JSONValue? = nil, failures: ServiceFailures,
        log: (String) -> Void
    ) async throws -> (response: ServiceResponse, attempts: Int) {
        var attempt = 1
        while true {
            let outcome = try await send(method, url, apiKey: apiKey, body: body)
            let retryAfter: Duration?
            switch outcome {
            case .answered(let response) where !RetryPolicy.isTransient(status: response.status) || attempt > retry.maxRetries:
                return (response, attempt)
            case .answered(let response):
                log("\(method.rawValue) \(ServiceURL.withoutQuery(url)) answered \(response.status); trying again (\(attempt) of \(retry.maxRetries) retries)")
                retryAfter = response.retryAfter
            case .unreachable(let failure) where !failure.isTransient || attempt > retry.maxRetries:
                throw failures.unreachable(failure.reason, attempts: attempt)
            case .unreachable(let failure):
                log("\(method.rawValue) \(ServiceURL.withoutQuery(url)) failed: \(failures.scrubber.scrub(failure.reason)); trying again (\(attempt) of \(retry.maxRetries) retries)")
                retryAfter = nil
            }
            try await Task.sleep(for: retry.delay(beforeRetry: attempt, retryAfter: retryAfter))
            attempt += 1
        }
    }
}
