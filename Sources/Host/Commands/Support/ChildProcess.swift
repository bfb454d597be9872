#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Synchronization

/// A helper program the commands start for the length of a run (today the Azure ML emulator of
/// `pipehost run --emulator`): the only file of the commands that spawns, signals and reaps a
/// process or reads its raw file descriptors.
///
/// The child gets a pipe as its standard input and another as its standard output, and shares
/// the host's standard error. Its standard input is its lifeline: the host never writes to it and
/// holds the write end until ``stop(grace:)``, so when the host exits, however it exits, the kernel
/// closes it and a child that watches for the end of its input stops on its own. The child runs in
/// its own process group (a Ctrl-C at the terminal reaches pipehost, which cancels the run, and not
/// the child the run still talks to), with default signal dispositions, an empty signal mask, and no
/// descriptor of the host's beyond the three standard ones.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The host's end of the child's standard input.
    private let inputFD: Int32
    /// The host's end of the child's standard output, read by ``readLines(_:)``.
    private let outputFD: Int32
    private let inputClosed = Atomic<Bool>(false)
    private let ended = Mutex<Exit?>(nil)

    /// How a child ended.
    enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "was killed by signal \(signal)"
            }
        }
    }

    private init(pid: pid_t, inputFD: Int32, outputFD: Int32) {
        self.pid = pid
        self.inputFD = inputFD
        self.outputFD = outputFD
    }

    /// Starts `executable` with `arguments` (argv[0] excluded); the `errno` of the failure otherwise.
    static func spawn(executable: String, arguments: [String]) -> Result<ChildProcess, Errno> {
        _ = ignoreBrokenPipes
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard closeOnExecPipe(&input) else { return .failure(Errno(errno)) }
        guard closeOnExecPipe(&output) else {
            closeAll(input)
            return .failure(Errno(errno))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

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
        var pid: pid_t = 0
        let status = argv.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, executable, &actions, &attributes, base, environ)
        }
        closeAll([input[0], output[1]])
        guard status == 0 else {
            closeAll([input[1], output[0]])
            return .failure(Errno(status))
        }
        return .success(ChildProcess(pid: pid, inputFD: input[1], outputFD: output[0]))
    }

    /// Reads the child's standard output line by line on a thread of its own (the reads block),
    /// calling `line` for each, then `nil` at its end; closes the descriptor after.
    func readLines(_ line: @escaping @Sendable (String?) -> Void) {
        let descriptor = outputFD
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    line(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
            line(nil)
            close(descriptor)
        }
        thread.start()
    }

    /// How the child ended, if it has (reaps it once).
    func exitIfEnded() -> Exit? {
        ended.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            known = Self.decode(waitStatus: status)
            return known
        }
    }

    /// Ends the child: closes its standard input, asks it to stop with SIGTERM, waits up to `grace`
    /// for it to exit, then kills its process group. Blocks until it is reaped; idempotent.
    @discardableResult
    func stop(grace: Duration = .seconds(5)) -> Exit {
        if !inputClosed.exchange(true, ordering: .acquiringAndReleasing) { close(inputFD) }
        if let ended = exitIfEnded() { return ended }
        _ = Glibc.kill(pid, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while clock.now < deadline {
            if let ended = exitIfEnded() { return ended }
            usleep(10_000)
        }
        _ = Glibc.kill(-pid, SIGKILL)
        return ended.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let decoded = Self.decode(waitStatus: status)
            known = decoded
            return decoded
        }
    }

    // MARK: Raw C

    /// Writing to a child that died must be an error, not a signal that kills the host.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func closeOnExecPipe(_ descriptors: inout [Int32]) -> Bool {
        guard pipe(&descriptors) == 0 else { return false }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// The descriptors open in this process now, as /proc lists them.
    private static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var descriptors: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor != own { descriptors.append(descriptor) }
        }
        return descriptors
    }

    private static func decode(waitStatus status: Int32) -> Exit {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// An `errno` value, described by the C library.
struct Errno: Error, Sendable, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
