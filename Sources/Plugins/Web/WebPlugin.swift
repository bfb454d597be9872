import PluginKit

/// The Web plugin: `WebActivity`, `WebHook` and `AzureFunctionActivity`
/// (docs/data-activities.md).
///
/// One instance per host holds one HTTP client, the service principal token cache, and the
/// WebHook callback server (started by the first WebHook activity); `shutdown` closes them.
struct WebPlugin: Plugin {
    static let id = "org.pipehost.web"
    static let version = "1.0.0"
    static let summary = "REST calls: Web, WebHook (with a local callback server) and Azure Function activities"

    static let activities: [ActivityDefinition<WebPlugin>] = [
        .longRunning(
            "WebActivity", summary: "Calls a REST endpoint; waits on 202 Accepted with a Location",
            input: JSONValue.self, state: WebOperation.self, output: JSONValue.self,
            start: { plugin, call in try await plugin.web.start(call) },
            poll: { plugin, call, operation in try await plugin.web.poll(call, operation) },
            cancel: { plugin, call, operation in try await plugin.web.cancel(call, operation) }),
        .longRunning(
            "WebHook", summary: "Calls an endpoint with a callBackUri and waits for the callback",
            input: JSONValue.self, state: WebHookOperation.self, output: JSONValue.self,
            start: { plugin, call in try await plugin.webHook.start(call) },
            poll: { plugin, call, operation in try await plugin.webHook.poll(call, operation) },
            cancel: { plugin, call, operation in try await plugin.webHook.cancel(call, operation) }),
        .runAsync(
            "AzureFunctionActivity", summary: "Calls a function of an AzureFunction linked service",
            input: JSONValue.self, output: JSONValue.self
        ) { plugin, call in
            try await plugin.azureFunction.run(call)
        }.reaching(linkedServiceTypes: ["AzureFunction"]),
    ]

    let client: WebHTTPClient
    let server: CallbackServer
    let web: WebActivity
    let webHook: WebHookActivity
    let azureFunction: AzureFunctionActivity

    init(host: HostServices, settings: JSONValue) throws {
        let settings = try WebSettings(settings)
        client = WebHTTPClient(connectTimeout: settings.connectTimeout)
        let authorizer = RequestAuthorizer(
            tokens: ServicePrincipalTokens(client: client, authorityHost: settings.authorityHost))
        let registry = CallbackRegistry()
        server = CallbackServer(
            registry: registry, host: settings.callbackHost, port: settings.callbackPort,
            advertisedBase: settings.callbackBaseURL)
        web = WebActivity(
            client: client, authorizer: authorizer, locations: InMemoryTable(), pollInterval: settings.asyncPollInterval
        )
        webHook = WebHookActivity(
            client: client, authorizer: authorizer, registry: registry, server: server,
            pollInterval: settings.callbackPollInterval, callbackIds: InMemoryTable())
        azureFunction = AzureFunctionActivity(client: client, requestTimeout: settings.functionRequestTimeout)
    }

    func shutdown() {
        server.shutdown()
        client.shutdown()
    }
}

/// The plugin's one exported symbol.
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(WebPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
