import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of the `pipehost` binary, measured from outside: wall time from spawn to exit, the
/// most threads it had at once (`Threads:` of /proc/<pid>/status, sampled every millisecond),
/// and its CPU time (user + system) from `wait4`'s resource usage, which counts every thread.
struct HostMeasurement {
    var wallSeconds: Double
    var peakThreads: Int
    var cpuSeconds: Double
    var exitStatus: Int32
    /// What the process wrote on standard output (the run records with `--output json`).
    var standardOutput: Data
    var standardError: String
}

enum HostProcess {
    /// Runs `executable` with `arguments` and measures it.
    static func measure(_ executable: String, _ arguments: [String], workDirectory: URL) throws -> HostMeasurement {
        let stdoutPath = workDirectory.appendingPathComponent("host-stdout.json").path
        let stderrPath = workDirectory.appendingPathComponent("host-stderr.txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = DispatchTime.now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(spawned)))") }

        var peak = 0
        var status: Int32 = 0
        var usage = rusage()
        while true {
            peak = max(peak, threads(of: pid))
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { throw BenchmarkFailure("wait4 failed: \(String(cString: strerror(errno)))") }
            usleep(1000)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return HostMeasurement(
            wallSeconds: wall, peakThreads: peak, cpuSeconds: cpu, exitStatus: exitStatus,
            standardOutput: FileManager.default.contents(atPath: stdoutPath) ?? Data(),
            standardError: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// The `Threads:` line of /proc/<pid>/status; 0 once the process is gone.
    static func threads(of pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}
