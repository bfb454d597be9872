#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Starts a child process the one way pipehost starts every child (plugin workers, the Azure ML
/// emulator): the only place that calls `posix_spawn`.
///
/// The child runs in its own process group (a Ctrl-C at the terminal reaches pipehost, which decides
/// what to stop, and a kill of the group reaches whatever the child started), with default signal
/// dispositions and an empty signal mask. Each stream is either a new pipe, whose host end the
/// caller gets, or the host's own. Every pipe end is created close-on-exec, under one lock from
/// creation to the spawn so that no concurrent spawn inherits it; `dup2` onto the child's 0, 1 and
/// 2 clears the flag on exactly those. Every other descriptor is closed in the child, whoever
/// opened it and however (see ``InheritedDescriptors``).
public enum ChildSpawn {
    /// How one of the child's standard streams is connected.
    public enum Stream: Sendable {
        /// A new pipe; the host keeps the other end.
        case pipe
        /// The host's own stream of the same number.
        case inherit
    }

    /// A started child and the host's ends of its piped streams (`nil` for inherited ones).
    public struct Child: Sendable {
        public let pid: pid_t
        /// The host writes the child's standard input here.
        public let input: Int32?
        /// The host reads the child's standard output here.
        public let output: Int32?
        /// The host reads the child's standard error here.
        public let error: Int32?
    }

    /// Why a child could not be started.
    public enum Failure: Error, Sendable, Equatable {
        /// A pipe could not be made (usually too many open files).
        case pipes(errno: Int32)
        /// `posix_spawn` failed (the executable is missing or cannot run).
        case spawn(errno: Int32)
    }

    /// Starts `executable` with `arguments` (argv[0] excluded) and `environment` (`NAME=value`
    /// entries; the host's when `nil`).
    public static func spawn(
        executable: String, arguments: [String], environment: [String]? = nil,
        input: Stream, output: Stream, error: Stream
    ) -> Result<Child, Failure> {
        _ = ignoreBrokenPipes
        return lock.withLock { _ in
            spawnLocked(executable: executable, arguments: arguments, environment: environment, streams: [input, output, error])
        }
    }

    /// Writing to a child that died must be an error the host handles (EPIPE), not a signal that
    /// kills the host.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Held from pipe creation to the spawn, for systems without `pipe2` where the close-on-exec
    /// flag is set in a second call.
    private static let lock = Mutex<Void>(())

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc's `pipe2`, which creates both ends close-on-exec at once, so that no child another
    /// thread spawns meanwhile (Foundation's `Process`, a plugin's own `posix_spawn`) inherits
    /// them. Its declaration needs `_GNU_SOURCE`, which Swift's Glibc module does not define, so it
    /// is looked up at run time.
    private static let pipe2: Pipe2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2")
        .map { unsafeBitCast($0, to: Pipe2.self) }

    /// A pipe whose two ends are close-on-exec; `false` with `errno` set when none could be made.
    private static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
        if let pipe2 {
            return ends.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return -1 }
                return pipe2(base, O_CLOEXEC)
            } == 0
        }
        guard pipe(&ends) == 0 else { return false }
        for descriptor in ends { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func spawnLocked(
        executable: String, arguments: [String], environment: [String]?, streams: [Stream]
    ) -> Result<Child, Failure> {
        // pipes[n]: [read end, write end] for stream n, or nil when inherited.
        var pipes: [[Int32]?] = []
        for stream in streams {
            guard case .pipe = stream else {
                pipes.append(nil)
                continue
            }
            var ends: [Int32] = [-1, -1]
            guard closeOnExecPipe(&ends) else {
                let code = errno
                closeAll(pipes.compactMap { $0 }.flatMap { $0 })
                return .failure(.pipes(errno: code))
            }
            pipes.append(ends)
        }
        // The child's end of each pipe: the read end of stdin, the write ends of stdout and stderr.
        let childEnds = pipes.enumerated().map { number, ends in ends.map { number == 0 ? $0[0] : $0[1] } }
        let hostEnds = pipes.enumerated().map { number, ends in ends.map { number == 0 ? $0[1] : $0[0] } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (number, end) in childEnds.enumerated() {
            if let end { posix_spawn_file_actions_adddup2(&actions, end, Int32(number)) }
        }
        InheritedDescriptors.closeAboveStandardStreams(in: &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0) } + [nil] }
        defer { for pointer in envp ?? [] { free(pointer) } }
        var pid: pid_t = 0
        let status = argv.withUnsafeBufferPointer { argvBuffer -> Int32 in
            guard let base = argvBuffer.baseAddress else { return EINVAL }
            guard let envp else { return posix_spawn(&pid, executable, &actions, &attributes, base, environ) }
            return envp.withUnsafeBufferPointer { envpBuffer -> Int32 in
                guard let variables = envpBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &actions, &attributes, base, variables)
            }
        }
        closeAll(childEnds.compactMap { $0 })
        guard status == 0 else {
            closeAll(hostEnds.compactMap { $0 })
            return .failure(.spawn(errno: status))
        }
        return .success(Child(pid: pid, input: hostEnds[0], output: hostEnds[1], error: hostEnds[2]))
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }
}
