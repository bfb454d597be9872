import ArgumentParser
import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import RunStore

/// `pipehost run FILE|FOLDER [--pipeline NAME] [--param k=v]… [--params file.json] [--plugins FILE]
/// [--secrets FILE] [--emulator FILE] [--output text|json]`
struct RunCommand: ExitStatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: from a pipeline file, an ARM template, or an ADF git-integration folder.",
        discussion: """
            Exit status: 0 Succeeded, 1 Failed, 2 Cancelled (Ctrl-C), 64 invalid input.
            On a terminal a live view shows the activities; otherwise one line per state change.
            Either way a summary table ends the run, unless --output json prints the run records.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("A pipeline JSON file, an ARM template, or an ADF git-integration folder.", valueName: "file-or-folder"))
    var source: String

    @Option(name: .customLong("pipeline"), help: "The pipeline to run (needed when the source holds several).")
    var pipeline: String?

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup(title: "ARM template parameters") var template: TemplateParameterOptions
    @OptionGroup var common: CommonRunOptions
    @OptionGroup var emulator: EmulatorOptions
    @OptionGroup var store: RunStoreOptions

    @Option(name: .customLong("output"), help: "text (live view or lines, then a summary) or json (the run records).")
    var output: OutputFormat = .text

    func execute() async throws(CommandFailure) -> Int32 {
        let source = try FactorySource(path: self.source, pipeline: pipeline, options: template.loadOptions)
        let pipelineName = try source.requirePipeline()
        let values = try parameters.resolve(for: source.factory.pipeline(named: pipelineName))
        let options = RunOptions(secretProvider: try common.secretProvider(), logger: try common.logger())
        return try await RunDriver.with(common.pluginSelection, logger: options.logger) { driver throws(CommandFailure) in
            let location = parameters.location
            try driver.validate { knownTypes throws(CommandFailure) in
                let problems = source.problems(
                    knownTypes: knownTypes, parameters: values, parametersLocation: location, scoped: true)
                if problems.containsErrors {
                    StandardStreams.error.write(ProblemReport.render(problems))
                    throw CommandFailure("the pipeline cannot run until these problems are fixed (pipehost validate lists them too)")
                }
                if !problems.isEmpty { StandardStreams.error.write(ProblemReport.render(problems)) }
            }

            try await driver.startEmulator(emulator, factoryGlobalParameters: source.factory.globalParameters)
            let recording = try store.open().map { store in
                RunRecording(store: store, launch: RunLaunch(
                    source: Self.absolute(self.source), pluginManifest: common.pluginManifest.map(Self.absolute)))
            }
            let presentation: RunPresentation = switch output {
            case .text: .summary(live: true)
            case .json: .records { runId, journal in RunRecordsDocument.json(journal: journal, runId: runId) }
            }
            return try await driver.run(source.factory, options: options, recording: recording, presentation: presentation) {
                runner async throws(RunStartError) in
                try await runner.run(pipelineNamed: pipelineName, parameters: values, parametersLocation: location)
            }
        }
    }

    /// A path made absolute, so a stored run can be resumed from another directory.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension Error {
    /// A usage error printed with exit status 64; any other error is rethrown as it is.
    func exit() -> any Error {
        if let failure = self as? CommandFailure { return failure.exit() }
        return self
    }
}
