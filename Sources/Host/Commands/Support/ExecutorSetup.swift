import Foundation
import HostCore
import PipehostJSON
import PluginRuntime

/// TRIAL ONLY (not for the azureml branch): loads plugins through PluginRuntime.
struct ExecutorSetup {
    var registry: ActivityRegistry
    var shutdown: @Sendable () async -> Void

    static func load(manifest: String?, settings: JSONValue? = nil, settingsType: String? = nil, isolateAll: Bool = false) throws(CommandFailure) -> ExecutorSetup {
        let path = PluginManifest.locate(explicitPath: manifest, environment: ProcessInfo.processInfo.environment)
        let loaded: PluginManifest
        do {
            loaded = try path.map(PluginManifest.load(from:)) ?? PluginManifest.shippedPlugins()
        } catch {
            throw CommandFailure("\(error)")
        }
        let host = PluginHost.load(manifest: loaded, options: PluginHostOptions(
            workDirectory: ".pipehost/work", isolation: IsolationOptions(isolateAll: isolateAll)))
        var registry = BuiltInActivities.adding(to: ActivityRegistry())
        for executor in host.executors { try? registry.register(executor) }
        return ExecutorSetup(registry: registry, shutdown: { host.shutdown() })
    }
}
