import Foundation
import HostCore
import Logging
import PipehostJSON
import PluginRuntime

/// Which plugins a run loads: the manifest (`--plugins`, else `$PIPEHOST_PLUGINS`, else
/// `./plugins.json`, else the shipped plugins), settings that replace one type's plugin settings
/// (`activity run --settings`), and `--isolate-plugins`.
struct PluginSelection {
    var manifest: String?
    var settings: JSONValue? = nil
    var settingsType: String? = nil
    var isolateAll = false
}

/// The loaded plugins of a run and the registry of every activity type it can use. Made and shut
/// down by ``RunDriver``.
struct ExecutorSetup {
    var registry: ActivityRegistry
    /// Shuts the plugins down (each plugin's `deinit`), after their calls in flight ended. Idempotent.
    var shutdown: @Sendable () -> Void

    /// Loads the plugins of `selection`; plugins log outside their calls through `logger`.
    static func load(_ selection: PluginSelection, logger: Logger) throws(CommandFailure) -> ExecutorSetup {
        let path = PluginManifest.locate(explicitPath: selection.manifest, environment: ProcessInfo.processInfo.environment)
        let loaded: PluginManifest
        do {
            loaded = try path.map(PluginManifest.load(from:)) ?? PluginManifest.shippedPlugins()
        } catch {
            throw CommandFailure("\(error)")
        }
        let host = PluginHost.load(manifest: loaded, options: PluginHostOptions(
            logger: logger, workDirectory: ".pipehost/work", isolation: IsolationOptions(isolateAll: selection.isolateAll)))
        var registry = BuiltInActivities.adding(to: ActivityRegistry())
        for executor in host.executors { try? registry.register(executor) }
        return ExecutorSetup(registry: registry, shutdown: { host.shutdown() })
    }
}
