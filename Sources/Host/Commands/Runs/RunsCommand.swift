import ArgumentParser

/// `pipehost runs …`: the run history in the run store.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show, resume, rerun, draw and prune recorded pipeline runs (docs/run-history.md).",
        subcommands: [
            RunsListCommand.self, RunsShowCommand.self, RunsOutputCommand.self, RunsResumeCommand.self,
            RunsRerunCommand.self, RunsGanttCommand.self, RunsPruneCommand.self,
        ])
}
