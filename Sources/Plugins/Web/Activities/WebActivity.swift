import Foundation
import PluginKit

/// `WebActivity`: calls a REST endpoint (docs/data-activities.md).
///
/// A long-running operation so that ADF's asynchronous request-reply pattern is honoured under
/// the host's timers: `start` sends the request; an answer other than `202 Accepted` with a
/// `Location` ends the activity at once. A 202 with a `Location` (unless `turnOffAsync`) makes
/// the host `poll`: each poll GETs the location once, after its `Retry-After` (or the plugin's
/// `asyncPollIntervalMilliseconds`), until an answer that is not a 202. The activity's timeout
/// and cancellation therefore apply to the whole wait; ADF's own cap of 7 days applies too.
struct WebActivity: Sendable {
    let client: WebHTTPClient
    let authorizer: RequestAuthorizer
    let locations: InMemoryTable
    let pollInterval: Duration

    /// ADF waits at most this long for an asynchronous endpoint.
    static let longestAsyncWait: Int64 = 7 * 24 * 3600 * 1000

    func start(_ call: ActivityCall<JSONValue>) async throws -> OperationStep<WebOperation, JSONValue> {
        let properties = try WebRequestProperties(call.invocation.typeProperties)
        let startedAt = ResponseOutput.nowMilliseconds()
        var headers = properties.headers
        var body = RequestBody.bytes(properties.body)
        if properties.method.requiresBody, body == nil {
            call.log(
                .warning,
                "the \(properties.method.rawValue) request has no body (ADF requires one); sending an empty body")
            body = []
        }
        if body != nil, properties.method.sendsBody, !headers.contains("Content-Type") {
            headers.set("Content-Type", "application/json")
        }
        let (authorized, credentials) = try await authorizer.authorize(headers, properties.authentication)
        let failures = WebFailures(url: properties.url.absoluteString, secrets: properties.secrets + credentials)
        call.log(.info, "\(properties.method.rawValue) \(failures.url)")
        let request = WebHTTPClient.Request(
            method: properties.method, url: properties.url.absoluteString, headers: authorized, body: body,
            timeout: properties.httpRequestTimeout, validateCertificate: !properties.disableCertValidation,
            clientCertificate: properties.authentication.tlsClientCertificate)
        let response = try await answer(client.send(request), failures, timeout: properties.httpRequestTimeout)

        if response.status == 202, !properties.turnOffAsync, let header = response.header("Location") {
            guard let location = WebURL.resolve(header, against: request.url) else {
                throw failures.unreachable(
                    "the 202 answer's Location '\(WebURL.withoutQuery(header))' is not an http(s) URL")
            }
            let text = location.absoluteString
            let operation = WebOperation(
                key: UUID().uuidString, shownLocation: WebURL.withoutQuery(text),
                location: WebURL.hasQuery(text) ? nil : text, startedAt: startedAt, polls: 0)
            locations.set(text, for: operation.key)
            call.log(.info, "the endpoint accepted the request (202); polling \(operation.shownLocation)")
            return .running(operation, pollAfter: response.retryAfter ?? pollInterval)
        }
        return .succeeded(try finish(response, failures, startedAt: startedAt))
    }

    func poll(_ call: ActivityCall<JSONValue>, _ operation: WebOperation) async throws
        -> OperationStep<WebOperation, JSONValue>
    {
        let properties = try WebRequestProperties(call.invocation.typeProperties)
        guard let location = locations.value(for: operation.key) ?? operation.location else {
            throw ActivityFailure.systemError(
                "The Web activity was waiting on '\(operation.shownLocation)' when pipehost restarted; that location "
                    + "carries a query (often a key), which pipehost keeps in memory only, so the wait cannot go on. "
                    + "The activity's retry policy may run it again.",
                code: ActivityErrorCode.webEndpointCallFailed)
        }
        guard ResponseOutput.nowMilliseconds() - operation.startedAt < Self.longestAsyncWait else {
            locations.remove(operation.key)
            throw ActivityFailure.systemError(
                "The endpoint '\(operation.shownLocation)' was still answering 202 after 7 days, ADF's longest wait.",
                code: ActivityErrorCode.webEndpointNoResponse)
        }
        var headers = properties.headers
        headers.remove("Content-Type")
        let (authorized, credentials) = try await authorizer.authorize(headers, properties.authentication)
        let failures = WebFailures(url: location, secrets: properties.secrets + credentials)
        let request = WebHTTPClient.Request(
            method: .get, url: location, headers: authorized, body: nil, timeout: properties.httpRequestTimeout,
            validateCertificate: !properties.disableCertValidation,
            clientCertificate: properties.authentication.tlsClientCertificate)
        let response: WebResponse
        do {
            response = try await answer(client.send(request), failures, timeout: properties.httpRequestTimeout)
        } catch let failure as ActivityFailure {
            locations.remove(operation.key)
            throw failure
        }
        var next = operation
        next.polls += 1
        if response.status == 202 {
            if let header = response.header("Location"), let moved = WebURL.resolve(header, against: location) {
                let text = moved.absoluteString
                locations.set(text, for: next.key)
                next.shownLocation = WebURL.withoutQuery(text)
                next.location = WebURL.hasQuery(text) ? nil : text
            }
            call.reportProgress(nil, "waiting for \(next.shownLocation) (poll \(next.polls))")
            return .running(next, pollAfter: response.retryAfter ?? pollInterval)
        }
        locations.remove(operation.key)
        call.log(.info, "\(next.shownLocation) answered \(response.status) after \(next.polls) polls")
        return .succeeded(try finish(response, failures, startedAt: operation.startedAt))
    }

    func cancel(_ call: ActivityCall<JSONValue>, _ operation: WebOperation) async throws {
        locations.remove(operation.key)
    }

    /// The answer of an outcome, or the failure for none.
    private func answer(_ outcome: WebHTTPClient.Outcome, _ failures: WebFailures, timeout: Duration) throws
        -> WebResponse
    {
        if let failure = failures.failure(outcome, timeout: timeout) { throw failure }
        guard case .answered(let response) = outcome else { throw failures.unreachable("no answer") }
        return response
    }

    private func finish(_ response: WebResponse, _ failures: WebFailures, startedAt: Int64) throws -> JSONValue {
        guard !response.isFailure else { throw failures.status(response) }
        return ResponseOutput.make(response, startedAt: startedAt)
    }
}
