import ArgumentParser

/// `pipehost expr …`: work with ADF expressions outside a pipeline run.
struct ExprCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate ADF expressions, one at a time or as a JSON-lines suite.",
        subcommands: [ExprEvalCommand.self]
    )
}
