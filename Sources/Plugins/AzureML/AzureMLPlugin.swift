import PluginKit

/// The Azure ML Studio (classic) plugin: `AzureMLBatchExecution` and `AzureMLUpdateResource`
/// (docs/azureml-plugins.md).
///
/// One instance per host holds one HTTP client for every call; it is created in `init` with the
/// settings from plugins.json and shut down in `shutdown`.
struct AzureMLPlugin: Plugin {
    static let id = "org.pipehost.azureml"
    static let version = "1.0.0"
    static let summary = "Azure ML Studio (classic) web services: batch jobs and retrained-model updates"

    static let activities: [ActivityDefinition<AzureMLPlugin>] = [
        .longRunning(
            "AzureMLBatchExecution",
            summary: "Runs a Batch Execution job on a web service endpoint and waits for it",
            input: JSONValue.self, state: BatchJobOperation.self, output: JSONValue.self,
            start: { plugin, call in try await plugin.batchExecution.start(call) },
            poll: { plugin, call, operation in try await plugin.batchExecution.poll(call, operation) },
            cancel: { plugin, call, operation in try await plugin.batchExecution.cancel(call, operation) }
        ).reaching(linkedServiceTypes: ["AzureML"] + BlobAccess.storageTypes),
        .runAsync(
            "AzureMLUpdateResource", summary: "Installs a retrained model (.ilearner) on an updatable endpoint",
            input: JSONValue.self, output: JSONValue.self
        ) { plugin, call in
            try await plugin.updateResource.run(call)
        }.reaching(linkedServiceTypes: ["AzureML"] + BlobAccess.storageTypes),
    ]

    let settings: AzureMLSettings
    let client: ServiceClient
    let batchExecution: BatchExecutionActivity
    let updateResource: UpdateResourceActivity

    init(host: HostServices, settings: JSONValue) throws {
        self.settings = try AzureMLSettings(settings)
        client = ServiceClient(settings: self.settings)
        batchExecution = BatchExecutionActivity(client: client, pollInterval: self.settings.pollInterval)
        updateResource = UpdateResourceActivity(client: client, sasLifetime: self.settings.updateResourceSASLifetime)
    }

    func shutdown() {
        client.shutdown()
    }
}

/// The plugin's one exported symbol.
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(AzureMLPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
