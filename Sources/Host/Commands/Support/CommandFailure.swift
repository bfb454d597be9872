import ArgumentParser
import HostCore

/// A problem with what the user gave a command: printed as it is, exit status 64 (`EX_USAGE`).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Exit statuses of `pipehost run` and `pipehost activity run`.
enum RunExitCode {
    static let succeeded: Int32 = 0
    static let failed: Int32 = 1
    static let cancelled: Int32 = 2
    /// Bad input: flags, files, parameters, validation problems (`EX_USAGE`).
    static let invalidInput: Int32 = 64

    /// The exit status of a run that ended with `status`.
    static func of(_ status: PipelineRunStatus) -> Int32 {
        switch status {
        case .succeeded: succeeded
        case .cancelled, .canceling: cancelled
        default: failed
        }
    }
}

extension CommandFailure {
    /// Prints the message to standard error and exits 64.
    func exit() -> ExitCode {
        StandardStreams.error.write("error: \(description)\n")
        return ExitCode(RunExitCode.invalidInput)
    }
}
