import Foundation
import PluginKit

/// `WebHook`: calls an endpoint with a `callBackUri` added to the body and waits until the
/// endpoint calls it back (docs/data-activities.md).
///
/// `start` registers a fresh callback id with ``CallbackRegistry``, makes sure the
/// ``CallbackServer`` listens, and POSTs; the host then `poll`s the registry on its own timer
/// until the callback arrived (success, or failure when `reportStatusOnCallBack` says so) or
/// `timeout` passed. Cancellation forgets the id, so a late callback gets a 404.
struct WebHookActivity: Sendable {
    let client: WebHTTPClient
    let authorizer: RequestAuthorizer
    let registry: CallbackRegistry
    let server: CallbackServer
    let pollInterval: Duration
    /// Operation key → callback id (the id never goes into the stored state).
    let callbackIds: InMemoryTable

    static let defaultTimeout: Duration = .seconds(600)
    static let longestTimeout: Duration = .seconds(7 * 24 * 3600)
    /// ADF's timeout of the call to the endpoint itself (not the wait for the callback).
    static let requestTimeout: Duration = .seconds(60)

    func start(_ call: ActivityCall<JSONValue>) async throws -> OperationStep<WebHookOperation, JSONValue> {
        let reader = try PropertyReader(call.invocation.typeProperties, path: "typeProperties")
        let method = try WebRequestProperties.method(reader, allowed: [.post])
        let url = try WebURL.required(reader, "url")
        var headers = try RequestHeaders(reader.value("headers"), path: reader.path("headers"))
        let authentication = try WebAuthentication(reader.value("authentication"), path: reader.path("authentication"))
        let timeout = try Self.timeout(reader)
        _ = try reader.bool("reportStatusOnCallBack", default: false)  // checked now, used when the callback arrives
        var body = try Self.bodyObject(reader)

        let callbackId = UUID().uuidString.lowercased()
        let base = try await server.baseURL()
        body["callBackUri"] = .string("\(base)/callbacks/\(callbackId)")
        if !headers.contains("Content-Type") { headers.set("Content-Type", "application/json") }
        let (authorized, credentials) = try await authorizer.authorize(headers, authentication)
        let failures = WebFailures(
            url: url.absoluteString,
            secrets: headers.sensitiveValues + authentication.secrets + credentials + [callbackId])

        registry.register(callbackId)  // before the call: the endpoint may call back before it answers
        let startedAt = ResponseOutput.nowMilliseconds()
        let outcome: WebHTTPClient.Outcome
        do {
            outcome = try await client.send(
                .init(
                    method: method, url: url.absoluteString, headers: authorized,
                    body: JSONSerializer.bytes(.object(body)),
                    timeout: Self.requestTimeout, clientCertificate: authentication.tlsClientCertificate))
        } catch {
            registry.forget(callbackId)
            throw error
        }
        if let failure = failures.failure(outcome, timeout: Self.requestTimeout) {
            registry.forget(callbackId)
            throw failure
        }
        if case .answered(let response) = outcome, response.isFailure {
            registry.forget(callbackId)
            throw failures.status(response)
        }
        let operation = WebHookOperation(
            key: UUID().uuidString, deadline: startedAt + Self.milliseconds(timeout),
            timeout: TimeSpanText.text(timeout),
            endpoint: failures.url, startedAt: startedAt)
        callbackIds.set(callbackId, for: operation.key)
        call.log(.info, "called \(failures.url); waiting up to \(operation.timeout) for its callback")
        return .running(operation, pollAfter: pollInterval)
    }

    func poll(_ call: ActivityCall<JSONValue>, _ operation: WebHookOperation) async throws
        -> OperationStep<WebHookOperation, JSONValue>
    {
        guard let callbackId = callbackIds.value(for: operation.key), let entry = registry.entry(callbackId) else {
            throw ActivityFailure.systemError(
                "The WebHook activity was waiting for the callback of '\(operation.endpoint)' when pipehost restarted; "
                    + "callbacks are received in memory only, so the wait cannot go on. The activity's retry policy may run it again.",
                code: ActivityErrorCode.webHookCallbackFailed)
        }
        switch entry {
        case .waiting:
            guard ResponseOutput.nowMilliseconds() < operation.deadline else {
                forget(operation)
                throw ActivityFailure(
                    errorCode: ActivityErrorCode.activityTimedOut,
                    message: "The WebHook activity timed out: '\(operation.endpoint)' did not call back within "
                        + "\(operation.timeout) (typeProperties.timeout).",
                    failureType: .userError)
            }
            return .running(operation, pollAfter: pollInterval)
        case .arrived(let body):
            forget(operation)
            let reader = try PropertyReader(call.invocation.typeProperties, path: "typeProperties")
            if try reader.bool("reportStatusOnCallBack", default: false), let failure = Self.reportedFailure(body) {
                throw failure
            }
            call.log(.info, "\(operation.endpoint) called back")
            var output = ResponseOutput.envelope(startedAt: operation.startedAt)
            if case .object(let members) = body {
                for (key, value) in members { output[key] = value }
            } else {
                output["Response"] = .string(JSONSerializer.serialize(body))
            }
            return .succeeded(.object(output))
        }
    }

    func cancel(_ call: ActivityCall<JSONValue>, _ operation: WebHookOperation) async throws {
        forget(operation)
    }

    private func forget(_ operation: WebHookOperation) {
        if let id = callbackIds.remove(operation.key) { registry.forget(id) }
    }

    /// With `reportStatusOnCallBack`: the failure a callback body reports — a `StatusCode` of 400
    /// or more, or an `Error` with a code or message — or nil.
    static func reportedFailure(_ body: JSONValue) -> ActivityFailure? {
        guard case .object(let object) = body else { return nil }
        let statusValue = object[caseInsensitive: "StatusCode"]
        let status = statusValue?.integerValue ?? statusValue?.stringValue.flatMap { Int64($0.trimmingWhitespace()) }
        let error = object[caseInsensitive: "Error"]?.objectValue
        let code = error?[caseInsensitive: "ErrorCode"].flatMap(Self.text) ?? ""
        let message = error?[caseInsensitive: "Message"].flatMap(Self.text) ?? ""
        guard (status ?? 0) >= 400 || !code.isEmpty || !message.isEmpty else { return nil }
        return ActivityFailure(
            errorCode: code.isEmpty ? ActivityErrorCode.webHookCallbackFailed : code,
            message: message.isEmpty
                ? "Operation on Webhook failed: the callback reported status code \(status.map(String.init) ?? "none")."
                : message,
            failureType: .userError, details: object[caseInsensitive: "Output"])
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer, .double: JSONSerializer.serialize(value)
        default: nil
        }
    }

    /// `timeout`: TimeSpan text, default 10 minutes, at most 7 days.
    private static func timeout(_ reader: PropertyReader) throws(ActivityFailure) -> Duration {
        guard let text = try reader.string("timeout"), !text.trimmingWhitespace().isEmpty else { return defaultTimeout }
        guard let duration = TimeSpanText.duration(text), duration >= .seconds(1), duration <= longestTimeout else {
            throw .invalidProperty(
                reader.path("timeout"),
                "'\(text)' is not a timeout from 00:00:01 to 7.00:00:00 (d.hh:mm:ss; the default is 00:10:00)")
        }
        return duration
    }

    /// `body`: a JSON object, or a string holding one; absent means `{}`.
    private static func bodyObject(_ reader: PropertyReader) throws(ActivityFailure) -> JSONObject {
        switch reader.value("body") {
        case nil:
            return JSONObject()
        case .object(let object)?:
            return object
        case .string(let text)?:
            if text.trimmingWhitespace().isEmpty { return JSONObject() }
            guard case .object(let object)? = try? JSONParser.parse(text) else {
                throw .invalidProperty(
                    reader.path("body"), "a WebHook body must be a JSON object, so that callBackUri can be added to it")
            }
            return object
        case let other?:
            throw .invalidProperty(
                reader.path("body"),
                "a WebHook body must be a JSON object (callBackUri is added to it), not \(other.typeName.lowercased())")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
