import Foundation
import HostCore
import Logging
import PipehostJSON
import PipelineModel
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

/// The executors a command runs with: the built-in control activities and the plugins of the
/// selection, with the plugins that failed to load or were refused kept in the registry so that an
/// activity whose type nobody serves names them. Made and shut down by ``RunDriver``.
struct ExecutorSetup {
    var registry: ActivityRegistry
    /// Shuts the plugins down (each plugin's `deinit`), after their calls in flight ended. Idempotent.
    var shutdown: @Sendable () -> Void

    /// The activity types a pipeline can be checked against before anything starts: the built-in
    /// control activities and the types the selection's plugins declare, read from their tables
    /// without running any plugin code or creating a folder.
    static func knownTypes(_ selection: PluginSelection, logger: Logger) throws(CommandFailure) -> KnownActivityTypes {
        let catalog = PluginHost.catalog(manifest: try manifest(selection), logger: logger)
        return KnownActivityTypes(
            names: catalog.activityTypes.union(BuiltInActivities.typeNames), unavailablePlugins: catalog.unavailablePlugins,
            linkedServiceTypes: catalog.linkedServiceTypes)
    }

    /// Loads and starts the plugins of `selection`; plugins log outside their calls through `logger`
    /// and may create working folders in `workDirectory` (created when missing).
    static func load(
        _ selection: PluginSelection, logger: Logger, workDirectory: String = ".pipehost/work"
    ) throws(CommandFailure) -> ExecutorSetup {
        let loaded = try manifest(selection)
        var settingsByType: [String: JSONValue] = [:]
        if let settings = selection.settings, let settingsType = selection.settingsType {
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
                logger: logger, workDirectory: workDirectory, isolation: IsolationOptions(isolateAll: selection.isolateAll),
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

    private static func manifest(_ selection: PluginSelection) throws(CommandFailure) -> PluginManifest {
        let path = PluginManifest.locate(explicitPath: selection.manifest, environment: ProcessInfo.processInfo.environment)
        do {
            return try path.map(PluginManifest.load(from:)) ?? PluginManifest.shippedPlugins()
        } catch {
            throw CommandFailure("\(error)")
        }
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

/// The activity types a command checks a pipeline against, and the plugins that cannot serve.
struct KnownActivityTypes {
    var names: Set<String>
    var unavailablePlugins: [UnavailablePlugin]
    /// The linked service types each activity type can reach, for the types whose plugin says.
    var linkedServiceTypes: [String: [String]] = [:]
}

extension KnownActivityTypes {
    /// The types of started plugins (and built-ins), with the plugins that failed to start.
    init(registry: ActivityRegistry) {
        var linkedServiceTypes: [String: [String]] = [:]
        for typeName in registry.typeNames {
            if let types = registry.executor(for: typeName)?.descriptor.linkedServiceTypes { linkedServiceTypes[typeName] = types }
        }
        self.init(names: Set(registry.typeNames), unavailablePlugins: registry.unavailablePlugins, linkedServiceTypes: linkedServiceTypes)
    }
}
