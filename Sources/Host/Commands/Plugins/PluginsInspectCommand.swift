import ArgumentParser
import PipehostJSON
import PluginRuntime

/// `pipehost plugins inspect FILE`: loads one library outside any manifest, validates it, runs its
/// `init`, and prints what it declares, or the precise reason it was refused (exit status 1).
struct PluginsInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Load one plugin library, validate it and show what it declares, or why it is refused.",
        discussion: "Exit status: 0 when the plugin loads, 1 when it is refused, 64 for usage errors."
    )

    @Argument(help: "The plugin's shared library (.so).")
    var file: String

    @Option(name: .long, help: "Settings to pass to the plugin's init, as a JSON object (default {}).")
    var settings: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: PluginsCommand.OutputFormat = .text

    @Flag(name: .long, help: "Also print what the plugin logs while it starts.")
    var verbose = false

    func validate() throws {
        _ = try parsedSettings()
    }

    func run() async throws {
        let manifest = PluginManifest.singleLibrary(file, settings: try parsedSettings())
        let host = PluginHost.load(
            manifest: manifest,
            options: PluginListing.hostOptions(verbose: verbose, environment: ProcessEnvironment.variables))
        defer { host.shutdown() }
        guard let plugin = host.plugins.first else { throw ExitCode(1) }
        switch output {
        case .text:
            print(PluginListing.details(plugin), terminator: "")
        case .json:
            print(JSONSerializer.serialize(PluginListing.json(plugin), options: .pretty))
        }
        if let error = plugin.error {
            ProcessEnvironment.writeError("pipehost: refused: \(error)")
            throw ExitCode(1)
        }
    }

    private func parsedSettings() throws -> JSONValue? {
        guard let settings else { return nil }
        do {
            let value = try JSONParser.parse(settings)
            guard case .object = value else {
                throw ValidationError("--settings must be a JSON object, e.g. '{\"key\": 1}'; got \(value.briefDescription)")
            }
            return value
        } catch let error as JSONParseError {
            throw ValidationError("--settings is not valid JSON (\(error)); pass an object such as '{\"key\": 1}'")
        }
    }
}
