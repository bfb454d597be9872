import ArgumentParser

/// `pipehost activity …`: work with single activities outside pipelines.
struct ActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Work with single activities outside any pipeline.",
        subcommands: [ActivityRunCommand.self])
}
