import ArgumentParser
import PipehostJSON
import PluginRuntime

/// `pipehost plugins worker LIBRARY`: the worker process of process isolation (hidden). It speaks
/// the framed protocol of docs/worker-protocol.md on its standard input and output; people do
/// not run it by hand.
struct PluginsWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve one plugin to a pipehost host over standard input and output (internal).",
        shouldDisplay: false
    )

    @Argument(help: "The plugin's shared library (.so).")
    var library: String

    @Option(name: .long, help: "The plugin's settings, a JSON object.")
    var settings: String?

    @Option(name: .customLong("work-directory"), help: "The plugins' work folder.")
    var workDirectory: String = ".pipehost/work"

    @Option(name: .customLong("stdout-to"), help: "Send the plugin's standard-output writes to this file (default: standard error).")
    var stdoutTo: String?

    @Option(name: .customLong("poll-interval-ms"), help: "Default wait between polls of a long-running operation (1 to 86400000).",
        transform: NumericArgument.integer(in: 1...86_400_000, unit: "milliseconds"))
    var pollIntervalMilliseconds: Int = 5000

    func run() async throws {
        var parsed: JSONValue?
        if let settings {
            do {
                parsed = try JSONParser.parse(settings)
            } catch {
                throw ValidationError("--settings is not valid JSON (\(error))")
            }
        }
        let status = await WorkerServer.serve(
            WorkerServer.Configuration(
                libraryPath: library, settings: parsed, workDirectory: workDirectory, stdoutCapturePath: stdoutTo,
                defaultPollInterval: .milliseconds(pollIntervalMilliseconds)))
        if status != 0 { throw ExitCode(status) }
    }
}
