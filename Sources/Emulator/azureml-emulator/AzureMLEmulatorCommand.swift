import ArgumentParser
import AzureMLEmulator
import Foundation
import Logging

/// `azureml-emulator --config FILE [--port N] [--job-duration 2s] [--fail-rate 0.1 --fail-status 503]
/// [--latency 50ms] [--drop-rate 0.05] [--failing-jobs 0.2] [--announce json] [--stop-on-stdin-eof]`:
/// serves the configured Azure ML Studio (classic) web services until SIGINT or SIGTERM (or, with
/// `--stop-on-stdin-eof`, until its standard input ends). See docs/azureml-emulator.md.
@main
struct AzureMLEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "azureml-emulator",
        abstract: "Emulate Azure ML Studio (classic) web services: Batch Execution, Update Resource, blob storage.",
        discussion: "Prints 'listening on http://HOST:PORT' and the endpoint URLs (with --announce json, one JSON line "
            + "instead), then serves until SIGINT/SIGTERM. "
            + "Command-line fault and duration flags override the configuration file everywhere."
    )

    @Option(name: .long, help: "The emulator configuration (JSON). Relative paths in it are relative to the file.")
    var config: String

    @Option(name: .long, help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to bind, 0-65535; 0 picks a free port.", transform: EmulatorArguments.port)
    var port = 0

    @Option(name: .long, help: "How long a started job runs, up to a day, e.g. 2s, 500ms.", transform: EmulatorArguments.duration)
    var jobDuration: EmulatorDuration?

    @Option(name: .long, help: "Fraction (0-1) of API requests answered with --fail-status.", transform: EmulatorArguments.fraction)
    var failRate: Double?

    @Option(name: .long, help: "Status of injected failures: 429, 500 or 503.", transform: EmulatorArguments.failStatus)
    var failStatus: Int?

    @Option(name: .long, help: "Delay before every API answer, up to a day, e.g. 50ms.", transform: EmulatorArguments.duration)
    var latency: EmulatorDuration?

    @Option(name: .long, help: "Fraction (0-1) of API requests whose connection is dropped unanswered.", transform: EmulatorArguments.fraction)
    var dropRate: Double?

    @Option(name: .long, help: "Fraction (0-1) of started jobs that end Failed.", transform: EmulatorArguments.fraction)
    var failingJobs: Double?

    @Option(name: .long, help: "Seed for fault decisions (same seed, same faults).")
    var faultSeed: UInt64?

    @Flag(name: .long, help: "Log every server event, not only warnings.")
    var verbose = false

    @Option(name: .long, help: "text: 'listening on http://HOST:PORT' and the endpoint URLs; json: one JSON line for programs.")
    var announce: Announcement = .text

    @Flag(name: .customLong("stop-on-stdin-eof"), help: "Also stop when standard input ends (the program that started the emulator closed it or exited).")
    var stopOnStandardInputEnd = false

    func run() async throws {
        let faults = FaultConfiguration(
            latency: latency, failRate: failRate, failStatus: failStatus, dropRate: dropRate,
            failingJobRate: failingJobs
        )
        let emulatorConfiguration: EmulatorConfiguration
        do {
            emulatorConfiguration = try EmulatorConfiguration.load(from: URL(fileURLWithPath: config))
                .overriding(jobDuration: jobDuration, faults: faults, faultSeed: faultSeed)
            try emulatorConfiguration.validate(file: config)
        } catch {
            Self.printError("azureml-emulator: \(error)")
            throw ExitCode(64)  // EX_USAGE
        }
        var logger = Logger(label: "azureml-emulator")
        logger.logLevel = verbose ? .info : .warning
        let emulator: AzureMLEmulator
        do {
            emulator = try await AzureMLEmulator.start(
                configuration: emulatorConfiguration, host: host, port: port, handlesTerminationSignals: true,
                logger: logger
            )
        } catch {
            Self.printError("azureml-emulator: can't listen on \(host):\(port): \(error)")
            throw ExitCode(69)  // EX_UNAVAILABLE
        }
        // FileHandle writes are unbuffered: scripts waiting for the first line see it at once.
        FileHandle.standardOutput.write(Data((announce.text(for: emulator) + "\n").utf8))
        if stopOnStandardInputEnd { StandardInputWatch.stopWhenInputEnds(emulator) }
        try await emulator.waitUntilStopped()
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
