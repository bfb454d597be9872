import ArgumentParser
import Logging
import PipehostJSON
import PluginRuntime

/// `pipehost plugins list`: loads the manifest's plugins as `pipehost run` would and shows each
/// one with its id, version, ABI, file, activity types and state (loaded, disabled, or failed
/// with the reason).
struct PluginsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show every plugin the manifest names: id, version, ABI, file, activity types, state.",
        discussion: """
            The manifest is --plugins FILE, else $PIPEHOST_PLUGINS, else ./plugins.json, else the \
            plugins.json of the package whose build folder holds pipehost, else the plugins shipped next \
            to the pipehost executable. A plugin that fails to load is listed with the reason.
            """
    )

    @Option(name: .long, help: "The plugin manifest to read (default: see below).")
    var plugins: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: PluginsCommand.OutputFormat = .text

    @Flag(name: .long, help: "Also print what plugins log while they start.")
    var verbose = false

    func run() async throws {
        let environment = ProcessEnvironment.variables
        let manifestPath = PluginManifest.locate(explicitPath: plugins, environment: environment)
        let manifest: PluginManifest
        do {
            manifest = try manifestPath.map { path throws(PluginManifestError) in try PluginManifest.load(from: path) }
                ?? PluginManifest.shippedPlugins()
        } catch {
            ProcessEnvironment.writeError("pipehost: \(error)")
            throw ExitCode(64)
        }
        let host = PluginHost.load(
            manifest: manifest, options: PluginListing.hostOptions(verbose: verbose, environment: environment))
        defer { host.shutdown() }
        switch output {
        case .text:
            print(PluginListing.table(host.plugins, manifest: manifest), terminator: "")
        case .json:
            print(JSONSerializer.serialize(PluginListing.json(host.plugins, manifest: manifest), options: .pretty))
        }
    }
}
