import HostCore
import PipehostJSON

/// The executors a command runs with: the built-in control activities and the activity types of
/// the loaded plugins.
struct ExecutorSetup {
    var registry: ActivityRegistry
    /// Releases the plugins (their `deinit`) once the command is done.
    var shutdown: @Sendable () async -> Void

    /// Loads the plugin manifest, if any, and registers its executors beside the built-ins.
    ///
    /// - Parameter settings: replaces the settings of the plugin that claims `settingsType`.
    static func load(manifest: String?, settings: JSONValue? = nil, settingsType: String? = nil) throws(CommandFailure) -> ExecutorSetup {
        // The plugin runtime (dlopen, the C ABI adapters) arrives with the plugin foundation; until
        // it is merged the host runs the built-in control activities only.
        if let manifest {
            throw CommandFailure("cannot load the plugin manifest '\(manifest)': this build of pipehost has no plugin runtime yet")
        }
        return ExecutorSetup(registry: BuiltInActivities.adding(to: ActivityRegistry()), shutdown: {})
    }
}
