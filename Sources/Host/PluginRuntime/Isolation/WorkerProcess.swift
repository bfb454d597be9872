#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A worker child process and its three pipes: signals, reaps and reads and writes the raw
/// descriptors of plugin workers. It is started by ``ChildSpawn`` (its own process group, default
/// signals, no descriptor of the host's beyond its three pipes).
final class WorkerProcess: Sendable {
    let pid: Int32
    /// The host writes requests here (the child's standard input).
    let requestFD: Int32
    /// The host reads replies here (the child's standard output, its protocol channel).
    let replyFD: Int32
    /// The child's standard error, read into ``WorkerProcess/stderrTail``.
    let errorFD: Int32
    private let exitStatus = Mutex<WorkerExit?>(nil)
    private let closed = Atomic<Bool>(false)

    private init(pid: Int32, requestFD: Int32, replyFD: Int32, errorFD: Int32) {
        self.pid = pid
        self.requestFD = requestFD
        self.replyFD = replyFD
        self.errorFD = errorFD
    }

    /// Starts `executable` with `arguments` (argv[0] excluded), its three standard streams piped
    /// to the host (see ``ChildSpawn``).
    static func spawn(executable: String, arguments: [String]) -> Result<WorkerProcess, WorkerSpawnError> {
        let spawned = ChildSpawn.spawn(
            executable: executable, arguments: arguments, environment: workerEnvironment(),
            input: .pipe, output: .pipe, error: .pipe)
        switch spawned {
        case .success(let child):
            guard let request = child.input, let reply = child.output, let errors = child.error else {
                preconditionFailure("ChildSpawn returned no pipe for a piped stream")
            }
            return .success(WorkerProcess(pid: child.pid, requestFD: request, replyFD: reply, errorFD: errors))
        case .failure(.pipes(let code)):
            return .failure(.pipes(errno: code))
        case .failure(.spawn(let code)):
            return .failure(.spawn(executable: executable, errno: code))
        }
    }

    /// The host's environment, with Swift's crash backtracer switched off: it would keep a
    /// crashed worker alive for seconds while it symbolicates (so a crash looked like a hang) and
    /// bury the plugin's own last words in the stderr tail. `PIPEHOST_WORKER_BACKTRACE=1` keeps it.
    private static func workerEnvironment() -> [String] {
        var variables: [String] = []
        var index = 0
        var keepBacktrace = false
        while let entry = environ[index] {
            let text = String(cString: entry)
            if text == "PIPEHOST_WORKER_BACKTRACE=1" { keepBacktrace = true }
            if !text.hasPrefix("SWIFT_BACKTRACE=") { variables.append(text) }
            index += 1
        }
        if !keepBacktrace { variables.append("SWIFT_BACKTRACE=enable=no") }
        return variables
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    // MARK: Signals and exit

    /// Sends `SIGKILL` to the worker's process group.
    func kill() {
        _ = Glibc.kill(-pid, SIGKILL)
    }

    /// Sends `SIGTERM` to the worker's process group.
    func terminate() {
        _ = Glibc.kill(-pid, SIGTERM)
    }

    /// Reaps the worker, waiting up to `grace` for it to exit on its own and killing it after.
    /// Idempotent: later calls return the first answer.
    func reap(grace: Duration = .milliseconds(500)) -> WorkerExit {
        if let known = exitStatus.withLock({ $0 }) { return known }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        var status: Int32 = 0
        var exit: WorkerExit?
        while exit == nil {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                exit = WorkerExit(waitStatus: status)
            } else if result < 0 && errno != EINTR {
                exit = .unknown
            } else if clock.now >= deadline {
                kill()
                exit = waitpid(pid, &status, 0) == pid ? WorkerExit(waitStatus: status) : .unknown
            } else {
                ThreadSleep.sleep(for: .microseconds(200))
            }
        }
        let answer = exit ?? .unknown
        return exitStatus.withLock { stored in
            if stored == nil { stored = answer }
            return stored ?? answer
        }
    }

    /// Closes the host's ends of the pipes (once).
    func closePipes() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        WorkerProcess.closeAll([requestFD, replyFD, errorFD])
    }

    // MARK: Bytes

    /// Writes all of `bytes`; false when the worker is gone.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Reads up to `capacity` bytes; an empty array at end of file or on error.
    static func readSome(_ descriptor: Int32, capacity: Int = 65536) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, capacity) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return [] }
            buffer.removeSubrange(count...)
            return buffer
        }
    }

    /// Waits until `descriptor` is readable or `timeout` passes; false on timeout.
    static func waitReadable(_ descriptor: Int32, timeout: Duration) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        while true {
            let result = poll(&entry, 1, milliseconds)
            if result < 0 && errno == EINTR { continue }
            return result > 0
        }
    }

    /// Starts a detached thread running `body`: readers block in `read`, which must not happen on
    /// the Swift cooperative pool.
    static func startThread(_ body: @escaping @Sendable () -> Void) {
        final class Box: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
            box.body()
            return nil
        }, box)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
        }
    }

    /// This process's id (for the worker's hello).
    static var currentPID: Int32 { getpid() }
}

/// Why a worker could not be started.
enum WorkerSpawnError: Error, Sendable, CustomStringConvertible {
    /// A pipe could not be made (usually too many open files).
    case pipes(errno: Int32)
    /// `posix_spawn` failed, e.g. the pipehost executable is missing or not executable.
    case spawn(executable: String, errno: Int32)

    var description: String {
        switch self {
        case .pipes(let code):
            "cannot create the worker's pipes: \(String(cString: strerror(code))); raise the open-file limit (ulimit -n)"
        case .spawn(let executable, let code):
            "cannot start the worker '\(executable)': \(String(cString: strerror(code)))"
        }
    }
}

/// How a worker process ended.
enum WorkerExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    case unknown

    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal) (\(WorkerExit.name(ofSignal: signal)))"
        case .unknown: "ended in a way the host could not observe"
        }
    }

    /// The conventional name and meaning of a signal, e.g. "SIGSEGV, segmentation fault".
    static func name(ofSignal signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "SIGSEGV, segmentation fault"
        case SIGABRT: "SIGABRT, abort() was called"
        case SIGILL: "SIGILL, illegal instruction: a Swift fatalError or precondition failure traps this way"
        case SIGTRAP: "SIGTRAP, trap: a Swift fatalError or precondition failure traps this way"
        case SIGBUS: "SIGBUS, bus error"
        case SIGFPE: "SIGFPE, arithmetic error"
        case SIGKILL: "SIGKILL, killed"
        case SIGTERM: "SIGTERM, terminated"
        default: "signal \(signal)"
        }
    }
}

/// The files `pipehost plugins check` points a worker's standard output at.
enum CaptureFile {
    private static let counter = Atomic<Int>(0)

    /// A fresh path under the temporary folder.
    static func makePath() -> String {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let number = counter.add(1, ordering: .relaxed).newValue
        return "\(folder)/pipehost-check-\(getpid())-\(number).stdout"
    }

    /// The first bytes written to the file, as text; empty when nothing was (or no file exists).
    static func firstBytes(_ path: String, limit: Int = 200) -> (count: Int, text: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return (0, "") }
        defer { close(descriptor) }
        var total = 0
        var head: [UInt8] = []
        while true {
            let bytes = WorkerProcess.readSome(descriptor)
            if bytes.isEmpty { break }
            total += bytes.count
            if head.count < limit { head += bytes.prefix(limit - head.count) }
        }
        return (total, String(decoding: head, as: UTF8.self))
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    /// The first `valgrind` on the PATH.
    static func valgrind() -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/valgrind"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
