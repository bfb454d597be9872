import ArgumentParser

/// `pipehost dataflow …`: work with mapping data flows (`dataflow/*.json`, data flow scripts).
struct DataflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Read mapping data flows and their scripts.",
        subcommands: [DataflowParseCommand.self]
    )
}
