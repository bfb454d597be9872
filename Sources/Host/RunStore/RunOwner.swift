import Foundation

/// The process that runs a pipeline run: its host, its pid and when that process started, so that
/// a pid the system has since given to another process is not mistaken for the owner.
public struct RunOwner: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var pid: Int32
    /// The boot id and the process's start time in clock ticks since boot (`/proc/PID/stat`), or
    /// empty where the system does not tell.
    public var processStart: String

    public init(host: String, pid: Int32, processStart: String) {
        self.host = host
        self.pid = pid
        self.processStart = processStart
    }

    /// This process.
    public static let current = RunOwner(host: hostName(), pid: getpid(), processStart: processStart(of: getpid()) ?? "")

    /// The machine's name as `gethostname` gives it (no name lookup, which can wait on DNS).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the owner is known to be gone: it ran on this host and no process with its pid and
    /// start time exists any more. `false` for an owner on another host (only its lease can tell).
    public var hasEnded: Bool {
        guard host == RunOwner.current.host else { return false }
        guard let start = Self.processStart(of: pid) else { return true }
        return !processStart.isEmpty && start != processStart
    }

    public var description: String { "pid \(pid) on host '\(host)'" }

    /// `<boot id>:<start time>` of a running process, or `nil` when there is none with that pid.
    static func processStart(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            // Not Linux, or no such process: kill(pid, 0) still tells whether the pid is taken.
            return kill(pid, 0) == 0 || errno == EPERM ? "" : nil
        }
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return "" }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields after the name start at field 3 (state); the start time is field 22.
        guard fields.count > 19 else { return "" }
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return "\(boot):\(fields[19])"
    }
}
