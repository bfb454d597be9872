import Foundation

/// The `azureml-emulator` executable running in its own process, so that the threads and CPU
/// time measured in the host are the host's alone.
final class EmulatorProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    let baseURL: String

    /// Starts the emulator on a free port and waits for its `listening on` line.
    init(executable: String, configuration: String, jobSeconds: Int) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--config", configuration, "--job-duration", "\(jobSeconds)s"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty, Date() < deadline else {
                process.terminate()
                throw BenchmarkFailure("the emulator exited or said nothing within 30 s (\(executable))")
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let firstLine = text.prefix { $0 != "\n" }
        guard firstLine.hasPrefix("listening on ") else {
            process.terminate()
            throw BenchmarkFailure("the emulator's first line was '\(firstLine)', not 'listening on …'")
        }
        baseURL = String(firstLine.dropFirst("listening on ".count))
        // Keep reading so that a full pipe never blocks the emulator.
        output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Why the benchmark could not measure.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
