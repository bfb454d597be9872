import ArgumentParser

/// `pipehost dataflow …`: work with mapping data flows (`dataflow/*.json`, data flow scripts).
struct DataflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Read mapping data flows and compile them into Spark plans.",
        subcommands: [DataflowParseCommand.self, DataflowExplainCommand.self]
    )
}
