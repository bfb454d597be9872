import ArgumentParser

/// The `pipehost` command line: one subcommand per file.
public struct PipehostCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pipehost",
        abstract: "Run Azure Data Factory pipelines on your own machine; every activity type is a plugin.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ActivityCommand.self, PluginsCommand.self, ExprCommand.self,
            RunsCommand.self, GraphCommand.self, DataflowCommand.self,
        ]
    )

    public init() {}
}

/// The executable's entry point, so that `main.swift` holds no logic and imports one module.
public enum PipehostEntry {
    public static func main() async {
        await PipehostCommand.main()
    }
}
