import ArgumentParser

/// `pipehost plugins`: see and check the activity plugins the host loads.
public struct PluginsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the activity plugins the host loads, or check one plugin library.",
        subcommands: [PluginsListCommand.self, PluginsInspectCommand.self, PluginsCheckCommand.self, PluginsWorkerCommand.self]
    )

    public init() {}

    /// How the plugins commands print.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }
}
