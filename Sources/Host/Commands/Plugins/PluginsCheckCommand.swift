import ArgumentParser
import PipehostJSON
import PluginRuntime

/// `pipehost plugins check FILE`: runs the conformance checks on one plugin library, each in its
/// own worker process, and prints one line per check (or JSON). Exit status 0 only if all pass.
struct PluginsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a plugin library keeps the plugin contract, each check in a child process.",
        discussion: """
            Checks: load (RTLD_NOW|RTLD_LOCAL, entry, table, init); init and deinit timing and repeatability; \
            every activity type answers an empty and a malformed invocation with an error, not a crash, and \
            with valid JSON; thread-safe types survive concurrent calls; long-running operations honour \
            cancellation within a bound; nothing is written to standard output; with --deep, no memory \
            errors or definite leaks under valgrind. Exit status: 0 when every check passes (skips allowed), \
            1 when one fails, 64 for usage errors. See docs/isolation.md.
            """
    )

    @Argument(help: "The plugin's shared library (.so).")
    var file: String

    @Option(name: .long, help: "Settings to pass to the plugin's init, as a JSON object (default {}).")
    var settings: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: PluginsCommand.OutputFormat = .text

    @Flag(name: .long, help: "Also run the plugin under valgrind (when installed) to find leaks and memory errors.")
    var deep = false

    @Option(name: .customLong("call-timeout"), help: "Seconds one activity call may take before it is cancelled, 0.001 to 86400 (default 5).",
        transform: NumericArgument.seconds(in: 0.001...86_400))
    var callTimeout: Double = 5

    @Option(name: .customLong("cancel-bound"), help: "Seconds a cancelled call may take to end before its worker is killed, 0.001 to 3600 (default 2).",
        transform: NumericArgument.seconds(in: 0.001...3600))
    var cancelBound: Double = 2

    func validate() throws {
        _ = try parsedSettings()
    }

    func run() async throws {
        let options = ConformanceOptions(
            settings: try parsedSettings(), callTimeout: .milliseconds(Int64((callTimeout * 1000).rounded())),
            cancellationBound: .milliseconds(Int64((cancelBound * 1000).rounded())), deep: deep)
        let checks = await PluginConformance.check(library: file, options: options)
        let failed = checks.filter { $0.status == .fail }.count
        switch output {
        case .text:
            for check in checks { print(check.line) }
            let passed = checks.filter { $0.status == .pass }.count
            let skipped = checks.filter { $0.status == .skip }.count
            print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        case .json:
            let document: JSONValue = [
                "library": .string(file), "passed": .bool(failed == 0), "checks": .array(checks.map(\.json)),
            ]
            print(JSONSerializer.serialize(document, options: .pretty))
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func parsedSettings() throws -> JSONValue? {
        guard let settings else { return nil }
        let value: JSONValue
        do {
            value = try JSONParser.parse(settings)
        } catch {
            throw ValidationError("--settings is not valid JSON (\(error)); pass an object such as '{\"key\": 1}'")
        }
        guard case .object = value else {
            throw ValidationError("--settings must be a JSON object, e.g. '{\"key\": 1}'; got \(value.briefDescription)")
        }
        return value
    }
}
