import Foundation
import PluginKit

/// `AzureFunctionActivity`: calls `{functionAppUrl}/api/{functionName}` of an `AzureFunction`
/// linked service with its `x-functions-key` (docs/data-activities.md). The function must answer
/// with a JSON object, which becomes the output.
///
/// As in ADF, a durable function's starter answer (202 with `statusQueryGetUri`) is the output
/// as it is: a Web activity on `@activity('…').output.statusQueryGetUri` waits for the
/// orchestration (its 202-with-`Location` polling does that).
struct AzureFunctionActivity: Sendable {
    let client: WebHTTPClient
    let requestTimeout: Duration

    func run(_ call: ActivityCall<JSONValue>) async throws -> JSONValue {
        guard let service = call.invocation.linkedService, service.type.lowercased() == "azurefunction" else {
            throw ActivityFailure.userError(
                "Azure function activity missing LinkedService definition in JSON. The activity needs an AzureFunction "
                    + "linked service in 'linkedServiceName'"
                    + (call.invocation.linkedService.map { " (it names '\($0.name)', of type '\($0.type)')" } ?? "")
                    + ".",
                code: ActivityErrorCode.azureFunctionMissingLinkedService)
        }
        let linked = try PropertyReader(service.typeProperties, path: "linkedService(\(service.name)).typeProperties")
        guard let appURLText = try linked.string("functionAppUrl"), !appURLText.trimmingWhitespace().isEmpty else {
            throw ActivityFailure.userError(
                "Azure function activity missing functionAppUrl ('\(linked.path("functionAppUrl"))').",
                code: ActivityErrorCode.azureFunctionMissingAppURL)
        }
        guard let appURL = WebURL.parse(appURLText) else {
            throw ActivityFailure.invalidProperty(
                linked.path("functionAppUrl"),
                "'\(WebURL.withoutQuery(appURLText))' is not an absolute http:// or https:// URL")
        }
        let authentication = try linked.string("authentication")?.lowercased() ?? ""
        if authentication.contains("msi") || authentication.contains("managedidentity") {
            throw ActivityFailure.userError(
                "Get access token from MSI failed: the AzureFunction linked service '\(service.name)' uses managed identity "
                    + "authentication, and a pipeline run by pipehost has no managed identity. Give a functionKey instead.",
                code: ActivityErrorCode.managedIdentityTokenFailed)
        }
        let key = try linked.secret("functionKey") ?? ""
        if key.isEmpty, authentication != "anonymous" {
            throw ActivityFailure.userError(
                "Azure function activity missing function key ('\(linked.path("functionKey"))').",
                code: ActivityErrorCode.azureFunctionMissingKey)
        }

        let reader = try PropertyReader(call.invocation.typeProperties, path: "typeProperties")
        guard let name = try reader.string("functionName"), !name.trimmingWhitespace().isEmpty else {
            throw ActivityFailure.userError(
                "Azure function activity missing function name ('typeProperties.functionName').",
                code: ActivityErrorCode.azureFunctionMissingName)
        }
        guard let methodText = try reader.string("method"), !methodText.trimmingWhitespace().isEmpty else {
            throw ActivityFailure.userError(
                "Azure function activity missing Method in JSON ('typeProperties.method').",
                code: ActivityErrorCode.azureFunctionMissingMethod)
        }
        guard let method = HTTPMethodName(methodText), HTTPMethodName.azureFunction.contains(method) else {
            throw ActivityFailure.userError(
                "Invalid HttpMethod: '\(methodText)'. The supported methods are PUT, POST, GET, DELETE, OPTIONS, HEAD and TRACE.",
                code: ActivityErrorCode.azureFunctionInvalidMethod)
        }
        var headers = try RequestHeaders(reader.value("headers"), path: reader.path("headers"))
        var body = RequestBody.bytes(reader.value("body"))
        if method.requiresBody, body == nil {
            call.log(.warning, "the \(method.rawValue) request has no body (ADF requires one); sending an empty body")
            body = []
        }
        if body != nil, method.sendsBody, !headers.contains("Content-Type") {
            headers.set("Content-Type", "application/json")
        }
        if !key.isEmpty { headers.set("x-functions-key", key) }

        var base = appURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var path = String(name.trimmingWhitespace())
        while path.hasPrefix("/") { path.removeFirst() }
        let url = "\(base)/api/\(path)"
        let shownName = WebURL.withoutQuery(path)
        let scrubber = SecretScrubber([key] + headers.sensitiveValues)
        let startedAt = ResponseOutput.nowMilliseconds()
        call.log(.info, "\(method.rawValue) \(WebURL.withoutQuery(url))")

        let outcome = try await client.send(
            .init(method: method, url: url, headers: headers, body: body, timeout: requestTimeout))
        let response: WebResponse
        switch outcome {
        case .answered(let answer):
            response = answer
        case .tooLarge:
            throw WebFailures.tooLarge
        case .timedOut:
            throw ActivityFailure.systemError(
                "There was an error while calling endpoint: Azure function '\(shownName)' did not answer within "
                    + "\(requestTimeout.components.seconds) s.",
                code: ActivityErrorCode.azureFunctionEndpointUnreachable)
        case .unreachable(let reason):
            throw ActivityFailure.systemError(
                "There was an error while calling endpoint '\(WebURL.withoutQuery(url))': \(scrubber.scrub(reason)).",
                code: ActivityErrorCode.azureFunctionEndpointUnreachable)
        }
        guard !response.isFailure else {
            let message = response.excerpt(scrubbing: scrubber)
            let failure =
                "Call to provided Azure function '\(shownName)' failed with status-'\(response.status)' and message - '\(message)'."
            throw response.status < 500
                ? ActivityFailure.userError(failure, code: ActivityErrorCode.azureFunctionCallFailed)
                : ActivityFailure.systemError(failure, code: ActivityErrorCode.azureFunctionCallFailed)
        }
        guard case .object = response.json else {
            throw ActivityFailure.userError(
                "Response Content is not a valid JObject. Azure function '\(shownName)' answered \(response.status) with "
                    + (response.body.isEmpty
                        ? "an empty body" : "'\(response.excerpt(scrubbing: scrubber, limit: 200))'") + ".",
                code: ActivityErrorCode.azureFunctionResponseNotObject)
        }
        return ResponseOutput.make(response, startedAt: startedAt)
    }
}
