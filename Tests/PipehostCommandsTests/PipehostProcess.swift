import Foundation
import PipehostJSON

/// Runs the built `pipehost` executable as a separate process, as a user would.
struct PipehostProcess {
    struct Result {
        var status: Int32
        var output: String
        var error: String
        var everything: String { output + "\n" + error }

        /// Standard output as JSON.
        func json() throws -> JSONValue { try JSONParser.parse(output) }
    }

    /// The executable beside the test bundle (`swift build --build-tests` builds it there).
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("pipehost")
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ path: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/\(path)").path
    }

    /// Runs `pipehost arguments…` to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> Result
    {
        let process = try start(arguments, environment: environment, directory: directory)
        return process.finish()
    }

    /// A started process whose output is collected as it comes.
    final class Running: @unchecked Sendable {
        // @unchecked: the buffers are touched under `lock` only.
        let process: Process
        private let lock = NSLock()
        private var outputData = Data()
        private var errorData = Data()
        /// Whether each stream has reached its end (the handler saw empty data).
        private var outputEnded = false
        private var errorEnded = false

        /// Kept until both handlers are removed: Foundation reads them through dispatch sources,
        /// and a pipe closed while its source still watches the descriptor crashes dispatch's
        /// event loop (`_dispatch_event_loop_drain`) once the number is reused.
        private let output: Pipe
        private let error: Pipe

        init(process: Process, output: Pipe, error: Pipe) {
            self.process = process
            self.output = output
            self.error = error
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil }
                self?.append(data, error: false)
            }
            error.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil }
                self?.append(data, error: true)
            }
        }

        deinit {
            output.fileHandleForReading.readabilityHandler = nil
            error.fileHandleForReading.readabilityHandler = nil
        }

        private func append(_ data: Data, error: Bool) {
            lock.lock()
            if data.isEmpty {
                if error { errorEnded = true } else { outputEnded = true }
            } else if error {
                errorData.append(data)
            } else {
                outputData.append(data)
            }
            lock.unlock()
        }

        private var bothEnded: Bool {
            lock.lock()
            defer { lock.unlock() }
            return outputEnded && errorEnded
        }

        var outputSoFar: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: outputData, as: UTF8.self)
        }

        var errorSoFar: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: errorData, as: UTF8.self)
        }

        func finish() -> Result {
            process.waitUntilExit()
            // Let the readability handlers drain what is left, up to the end of both streams; a
            // child the process left behind may hold them open, so give up after 10 s.
            for _ in 0..<1000 where !bothEnded { Thread.sleep(forTimeInterval: 0.01) }
            lock.lock()
            defer { lock.unlock() }
            return Result(
                status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                error: String(decoding: errorData, as: UTF8.self))
        }
    }

    /// Starts `pipehost arguments…` in `directory` (the repository root unless given).
    static func start(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws
        -> Running
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let running = Running(process: process, output: output, error: error)
        try process.run()
        return running
    }

    /// A temporary folder removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
