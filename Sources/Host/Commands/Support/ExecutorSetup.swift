import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import PluginRuntime

/// The executors a command runs with: the built-in control activities and the plugins of the
/// manifest (`--plugins`, `PIPEHOST_PLUGINS`, `./plugins.json`, or the shipped plugins), with the
/// plugins that failed to load or were refused kept in the registry so that an activity whose type
/// nobody serves names them.
struct ExecutorSetup {
    var registry: ActivityRegistry
    var shutdown: @Sendable () async -> Void

    /// - Parameters:
    ///   - settings: settings for the plugin that serves `settingsType`, replacing those of
    ///     plugins.json (`pipehost activity run --settings`).
    static func load(
        manifest: String?, settings: JSONValue? = nil, settingsType: String? = nil, isolateAll: Bool = false
    ) throws(CommandFailure) -> ExecutorSetup {
        let path = PluginManifest.locate(explicitPath: manifest, environment: ProcessInfo.processInfo.environment)
        let loaded: PluginManifest
        do {
            loaded = try path.map(PluginManifest.load(from:)) ?? PluginManifest.shippedPlugins()
        } catch {
            throw CommandFailure("\(error)")
        }
        var settingsByType: [String: JSONValue] = [:]
        if let settings, let settingsType {
            if BuiltInActivities.typeNames.contains(settingsType) {
                throw CommandFailure(
                    "--settings configures a plugin, but '\(settingsType)' is a control activity built into pipehost and "
                        + "takes no settings; leave --settings out")
            }
            settingsByType[settingsType] = settings
        }
        let host = PluginHost.load(
            manifest: loaded,
            options: PluginHostOptions(
                workDirectory: ".pipehost/work", isolation: IsolationOptions(isolateAll: isolateAll),
                settingsByActivityType: settingsByType))
        var registry = BuiltInActivities.adding(to: ActivityRegistry())
        registry.unavailablePlugins = host.unavailablePlugins
        for executor in host.executors {
            do {
                try registry.register(executor)
            } catch {
                // The loader settles duplicates and refuses built-in types, so this is a plugin the
                // loader let through: report it with the others that cannot serve.
                registry.unavailablePlugins.append(Self.unavailable(executor.descriptor, error))
            }
        }
        return ExecutorSetup(registry: registry, shutdown: { host.shutdown() })
    }

    private static func unavailable(
        _ descriptor: ActivityTypeDescriptor, _ error: ActivityRegistry.RegistrationError
    ) -> UnavailablePlugin {
        guard case .plugin(let id, _, let path) = descriptor.origin else {
            return UnavailablePlugin(path: "\(descriptor.origin)", declaredTypes: [descriptor.typeName], reason: error.description)
        }
        return UnavailablePlugin(path: path, pluginID: id, declaredTypes: [descriptor.typeName], reason: error.description)
    }
}
