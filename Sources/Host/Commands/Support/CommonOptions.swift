import ArgumentParser
import Foundation
import HostCore
import Logging

/// Options every command that runs activities shares: plugins, secrets, logging.
struct CommonRunOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp(
        "The plugin manifest to load (default: $PIPEHOST_PLUGINS, then ./plugins.json, when present).", valueName: "file"))
    var pluginManifest: String?

    @Option(name: .customLong("secrets"), help: ArgumentHelp(
        "A JSON file of Key Vault secrets for local runs: {\"<vault>\": {\"<secret name>\": \"<value>\"}} (docs/secrets.md).",
        valueName: "file"))
    var secretsFile: String?

    @Option(name: .customLong("log-level"), help: "Activity and plugin log lines at or above this level go to standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Flag(name: .customLong("isolate-plugins"), help: "Run every plugin in worker processes, so a crashing plugin fails only its activity (docs/isolation.md).")
    var isolatePlugins = false

    /// The plugins to load: `--plugins` (or the default manifest) and `--isolate-plugins`.
    var pluginSelection: PluginSelection {
        PluginSelection(manifest: pluginManifest, isolateAll: isolatePlugins)
    }

    /// A logger writing to standard error at the chosen level.
    func logger() throws(CommandFailure) -> Logger {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw CommandFailure("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return Self.logger(level: level)
    }

    /// A logger writing to standard error at `level`.
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "pipehost", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }

    /// The secret provider: the secrets file (if given) and the environment.
    func secretProvider() throws(CommandFailure) -> LocalSecretProvider {
        do {
            return try LocalSecretProvider(secretsFile: secretsFile)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
