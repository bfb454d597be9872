import HostCore
import PipehostJSON
import Synchronization

/// The worker processes of one isolated plugin: up to `limit` of them, started on demand; a
/// worker that died is replaced by the next call.
///
/// Each call reserves a worker of its own while one is idle or another may be started, so that
/// concurrent activities do not share a process and a crash takes down only the activity that
/// caused it. Past the limit, calls share the least busy worker (a worker serves several calls at
/// once; its in-process executor still serialises types that are not thread-safe).
final class WorkerPool: Sendable {
    struct Configuration: Sendable {
        var executable: String
        var libraryPath: String
        var settings: JSONValue?
        var workDirectory: String
        var pluginID: String
        var limit: Int
        var startTimeout: Duration
        var cancellationGrace: Duration
        var defaultPollInterval: Duration
    }

    let configuration: Configuration
    /// The settings the workers run with, serialised once for every invocation document.
    let settingsBytes: [UInt8]
    private let workers = Mutex<[WorkerConnection]>([])
    /// Serialises starts, so that a burst of calls does not start more workers than it needs.
    private let startLock = Mutex<Void>(())
    private let started = Atomic<Int>(0)
    private let isShutDown = Atomic<Bool>(false)

    init(configuration: Configuration) {
        self.configuration = configuration
        settingsBytes = JSONSerializer.bytes(configuration.settings ?? .object(JSONObject()))
    }

    /// How many worker processes this pool has started, restarts included.
    var workersStarted: Int { started.load(ordering: .relaxed) }

    /// The worker arguments after the executable.
    var arguments: [String] {
        var arguments = [
            "plugins", "worker", configuration.libraryPath, "--work-directory", configuration.workDirectory,
            "--poll-interval-ms", String(Int64((configuration.defaultPollInterval / .milliseconds(1)).rounded())),
        ]
        if let settings = configuration.settings {
            arguments += ["--settings", JSONSerializer.serialize(settings)]
        }
        return arguments
    }

    /// Reserves a live worker for one call: an idle one, else a new one while under the limit,
    /// else the least busy. Give it back with ``release(_:)``.
    func reserve() -> Result<WorkerConnection, WorkerStartError> {
        if let idle = pick(requireIdle: true) { return .success(idle) }
        return startLock.withLock { _ in
            if let idle = pick(requireIdle: true) { return .success(idle) }
            let live = workers.withLock { workers in
                workers.removeAll { !$0.isAlive }
                return workers.count
            }
            if live >= configuration.limit, let busy = pick(requireIdle: false) { return .success(busy) }
            return start().map { connection in
                connection.reservations.add(1, ordering: .relaxed)
                workers.withLock { $0.append(connection) }
                return connection
            }
        }
    }

    /// Gives back a worker that ``reserve()`` handed out.
    func release(_ worker: WorkerConnection) {
        workers.withLock { _ in _ = worker.reservations.subtract(1, ordering: .relaxed) }
    }

    /// Starts one worker outside the pool (used at load time to learn the served types, and by
    /// the pool itself).
    func start() -> Result<WorkerConnection, WorkerStartError> {
        started.add(1, ordering: .relaxed)
        let configuration = configuration
        return WorkerConnection.start(
            executable: configuration.executable, arguments: arguments, timeout: configuration.startTimeout
        ) { death in
            "plugin '\(configuration.pluginID)' ('\(configuration.libraryPath)') failed in process isolation: \(death.explanation)"
        }
    }

    /// Adds a worker started with ``start()`` to the pool.
    func adopt(_ connection: WorkerConnection) {
        workers.withLock { $0.append(connection) }
    }

    /// The least reserved live worker, reserved (under the lock, so two calls never both take
    /// the same idle worker).
    private func pick(requireIdle: Bool) -> WorkerConnection? {
        workers.withLock { workers in
            let live = workers.filter(\.isAlive)
            let least = live.min {
                $0.reservations.load(ordering: .relaxed) < $1.reservations.load(ordering: .relaxed)
            }
            guard let least else { return nil }
            if requireIdle && least.reservations.load(ordering: .relaxed) > 0 { return nil }
            least.reservations.add(1, ordering: .relaxed)
            return least
        }
    }

    /// Shuts every worker down (each runs its plugin's deinit), waiting up to `timeout` each.
    func shutdown(timeout: Duration) {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let all = workers.withLock { workers in
            defer { workers.removeAll() }
            return workers
        }
        for worker in all { worker.shutdown(timeout: timeout) }
    }

    var isClosed: Bool { isShutDown.load(ordering: .acquiring) }
}
