import ArgumentParser

/// A command that runs something and exits with its status (`pipehost run`, `activity run`,
/// `runs resume`, `runs rerun`): its work is `execute()`, and `run()` turns the status, or a
/// `CommandFailure` (exit 64), into ArgumentParser's exit.
protocol ExitStatusCommand: AsyncParsableCommand {
    /// Does the command's work; returns the process's exit status (see `RunExitCode`).
    func execute() async throws(CommandFailure) -> Int32
}

extension ExitStatusCommand {
    func run() async throws {
        let code: Int32
        do {
            code = try await execute()
        } catch {
            throw error.exit()
        }
        throw ExitCode(code)
    }
}
