#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import PluginRuntime
import Synchronization

/// A helper program the commands start for the length of a run (today the Azure ML emulator of
/// `pipehost run --emulator`): the only file of the commands that signals and reaps a process or
/// reads its raw file descriptors. ``ChildSpawn`` starts it.
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

    /// Starts `executable` with `arguments` (argv[0] excluded), its standard input and output piped
    /// to the host and its standard error the host's (see ``ChildSpawn``); the `errno` of the
    /// failure otherwise.
    static func spawn(executable: String, arguments: [String]) -> Result<ChildProcess, Errno> {
        switch ChildSpawn.spawn(executable: executable, arguments: arguments, input: .pipe, output: .pipe, error: .inherit) {
        case .success(let child):
            guard let input = child.input, let output = child.output else {
                preconditionFailure("ChildSpawn returned no pipe for a piped stream")
            }
            return .success(ChildProcess(pid: child.pid, inputFD: input, outputFD: output))
        case .failure(.pipes(let code)), .failure(.spawn(let code)):
            return .failure(Errno(code))
        }
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
