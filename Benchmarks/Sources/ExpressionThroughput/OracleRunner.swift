import Foundation
import PipehostJSON

/// Times the reference evaluator (`eval.py --mode raw --batch`) on the same expressions: it is
/// started once, warmed up, then fed the measured requests while the clock runs.
struct OracleRunner {
    let python: String
    let script: String

    /// From `ORACLE_DIR` (where the oracle's setup.sh made its venv) and `ORACLE_TOOLS` (the folder with
    /// eval.py); nil when they are not set.
    static func fromEnvironment() -> OracleRunner? {
        let environment = ProcessInfo.processInfo.environment
        // scripts/bench sets ORACLE_TOOLS (to the tools beside the repository unless given).
        guard let directory = environment["ORACLE_DIR"], let tools = environment["ORACLE_TOOLS"] else { return nil }
        let runner = OracleRunner(python: directory + "/venv/bin/python", script: tools + "/eval.py")
        guard FileManager.default.fileExists(atPath: runner.python),
            FileManager.default.fileExists(atPath: runner.script)
        else { return nil }
        return runner
    }

    /// Evaluations per second over `expressions` after a warm-up, by wall clock and by the oracle
    /// process's CPU time, and how many failed.
    func throughput(
        of expressions: [String], state: JSONValue, warmUp: Int = 1_000
    ) throws -> (wallRate: Double, cpuRate: Double, failures: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--mode", "raw", "--batch"]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "en_US.UTF-8"
        environment["TZ"] = "UTC"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var reader = LineReader(handle: output.fileHandleForReading)

        func request(_ expression: String, id: Int) -> Data {
            var object = state.objectValue ?? JSONObject()
            object["id"] = .integer(Int64(id))
            object["expression"] = .string(expression)
            return Data((JSONSerializer.serialize(.object(object)) + "\n").utf8)
        }
        for index in 0..<warmUp {
            input.fileHandleForWriting.write(request(expressions[index % expressions.count], id: index))
        }
        for _ in 0..<warmUp { _ = reader.nextLine() }

        let requests = expressions.enumerated().map { request($1, id: $0) }
        let writer = Thread {
            for data in requests { input.fileHandleForWriting.write(data) }
            try? input.fileHandleForWriting.close()
        }
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds(process.processIdentifier) ?? 0
        writer.start()
        var failures = 0
        for _ in expressions {
            guard let line = reader.nextLine() else { break }
            if !line.contains("\"ok\": true") { failures += 1 }
        }
        let elapsed = ContinuousClock.now - start
        let cpu = (processCPUSeconds(process.processIdentifier) ?? 0) - cpuStart
        process.waitUntilExit()
        return (Double(expressions.count) / elapsed.seconds, Double(expressions.count) / max(cpu, 1e-9), failures)
    }
}

/// Reads lines from a pipe.
struct LineReader {
    let handle: FileHandle
    private var buffer = Data()

    init(handle: FileHandle) {
        self.handle = handle
    }

    mutating func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}

/// CPU time used by the calling thread: what "on one core" means when other processes share the machine.
enum ThreadClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// CPU time (user + system) a process has used so far, from /proc; nil when it cannot be read.
func processCPUSeconds(_ pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // After the command: state(0) ppid … utime(11) stime(12), in clock ticks.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
