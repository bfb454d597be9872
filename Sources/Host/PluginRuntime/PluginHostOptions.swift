import Logging
import PipehostJSON

/// How a ``PluginHost`` runs its plugins.
public struct PluginHostOptions: Sendable {
    /// Where messages outside activity calls go: plugins logging from `init` or background threads
    /// (with a `plugin` metadata key), and the loader's warnings. Messages inside a call go to the
    /// call's `ActivityExecutionContext.log`.
    public var logger: Logger
    /// The folder offered to plugins through the host-info extension for their working folders;
    /// created when missing. Relative paths start at the current directory.
    public var workDirectory: String
    /// The most threads the host runs blocking plugin calls on. Long-running operations waiting
    /// between polls hold none, so hundreds of remote jobs need only a few threads.
    public var workerThreadLimit: Int
    /// How long the host waits between polls when a plugin leaves `next_poll_ms` at 0.
    public var defaultPollInterval: Duration
    /// The host's name and version as plugins see it.
    public var hostVersion: String
    /// How long ``PluginHost/shutdown()`` waits for calls still in flight before it gives up on
    /// calling a plugin's `deinit`.
    public var shutdownTimeout: Duration
    /// Process isolation: which plugins run in worker processes and how (docs/isolation.md).
    public var isolation: IsolationOptions
    /// Settings by activity type that replace, for the plugin that serves the type, the settings
    /// plugins.json gives it (`pipehost activity run --settings`). The plugin's `init` receives them
    /// and every invocation carries them as `settings`, exactly as settings from the manifest.
    public var settingsByActivityType: [String: JSONValue]

    public init(
        logger: Logger = Logger(label: "pipehost.plugins"), workDirectory: String = ".pipehost/work",
        workerThreadLimit: Int = 16, defaultPollInterval: Duration = .seconds(5), hostVersion: String = "pipehost 0.1.0",
        shutdownTimeout: Duration = .seconds(30), isolation: IsolationOptions = IsolationOptions(),
        settingsByActivityType: [String: JSONValue] = [:]
    ) {
        self.isolation = isolation
        self.settingsByActivityType = settingsByActivityType
        self.logger = logger
        self.workDirectory = workDirectory
        self.workerThreadLimit = workerThreadLimit
        self.defaultPollInterval = defaultPollInterval
        self.hostVersion = hostVersion
        self.shutdownTimeout = shutdownTimeout
    }
}
