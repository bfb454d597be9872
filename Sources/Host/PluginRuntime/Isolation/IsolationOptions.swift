/// Where a plugin's code runs.
public enum PluginIsolation: String, Sendable, Equatable {
    /// Loaded into the host process (the default): fastest, but a crash in the plugin ends the host.
    case inProcess
    /// Loaded into `pipehost plugins worker` processes: a crash, abort or hang fails only the
    /// activities that worker was running.
    case process
}

/// How the host runs plugins in worker processes.
public struct IsolationOptions: Sendable {
    /// Run every plugin in process isolation, whatever plugins.json says (`--isolate-plugins`).
    public var isolateAll: Bool
    /// The `pipehost` executable that serves as the worker; nil for `pipehost` next to the
    /// running executable (true for the CLI and for SwiftPM's test runner alike).
    public var workerExecutable: String?
    /// The most worker processes per plugin.
    public var workersPerPlugin: Int
    /// How long a worker may take to load its plugin and say hello.
    public var startTimeout: Duration
    /// How long a cancelled call (an activity timeout, a cancelled run) may take to end before its
    /// worker is killed with SIGKILL.
    public var cancellationGrace: Duration
    /// Set in a worker process: plugins see `isolated` in the host-info extension.
    var servesAsWorker = false

    public init(
        isolateAll: Bool = false, workerExecutable: String? = nil, workersPerPlugin: Int = 4,
        startTimeout: Duration = .seconds(30), cancellationGrace: Duration = .seconds(2)
    ) {
        self.isolateAll = isolateAll
        self.workerExecutable = workerExecutable
        self.workersPerPlugin = max(1, workersPerPlugin)
        self.startTimeout = startTimeout
        self.cancellationGrace = cancellationGrace
    }

    /// The worker executable to spawn.
    var resolvedWorkerExecutable: String {
        if let workerExecutable { return workerExecutable }
        guard let running = FileSystem.executablePath() else { return "pipehost" }
        return FilePath.join(FilePath.directory(of: running), "pipehost")
    }

    /// Whether the plugin with this manifest entry and override runs isolated.
    func isolates(library: PluginIsolation?, override: PluginIsolation?) -> Bool {
        isolateAll || (library ?? override) == .process
    }
}
