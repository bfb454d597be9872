import Foundation

/// The live processes of this machine that carry a marker in their environment, read from `/proc`:
/// how tests find what a job or a cluster started (the marker is inherited by every process of it)
/// and check that nothing is left behind.
public enum LiveProcesses {
    /// A process and its command line (arguments joined by spaces).
    public struct Entry: Sendable, CustomStringConvertible {
        public var pid: Int32
        public var commandLine: String

        public var description: String { "\(pid): \(commandLine)" }
    }

    /// The processes other than this one, zombies left out, with an environment entry that starts
    /// with `prefix` (`NAME=value`, or the start of a value such as a folder).
    public static func marked(_ prefix: String) -> [Entry] {
        let wanted = Array(prefix.utf8)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).compactMap { pid -> Entry? in
            guard pid != getpid(), let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                environment.split(separator: 0).contains(where: { $0.starts(with: wanted) }),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].split(separator: " ").first != "Z"
            else { return nil }
            let arguments = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return Entry(pid: pid, commandLine: String(decoding: arguments.map { $0 == 0 ? 32 : $0 }, as: UTF8.self))
        }
    }
}
