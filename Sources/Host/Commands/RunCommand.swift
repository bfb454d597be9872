import ArgumentParser
import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import RunStore
import Synchronization

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
    @OptionGroup var common: CommonRunOptions
    @OptionGroup var emulator: EmulatorOptions
    @OptionGroup var store: RunStoreOptions

    @Option(name: .customLong("output"), help: "text (live view or lines, then a summary) or json (the run records).")
    var output: OutputFormat = .text

    func execute() async throws(CommandFailure) -> Int32 {
        let source = try FactorySource(path: self.source, pipeline: pipeline)
        let pipelineName = try source.requirePipeline()
        let values = try parameters.resolve(for: source.factory.pipeline(named: pipelineName))
        let setup = try ExecutorSetup.load(manifest: common.pluginManifest, isolateAll: common.isolatePlugins)
        let problems = source.problems(
            registry: setup.registry, parameters: values, parametersLocation: parameters.location)
        if problems.containsErrors {
            StandardStreams.error.write(ProblemReport.render(problems))
            throw CommandFailure("the pipeline cannot run until these problems are fixed (pipehost validate lists them too)")
        }
        if !problems.isEmpty { StandardStreams.error.write(ProblemReport.render(problems)) }

        var options = RunOptions(secretProvider: try common.secretProvider(), logger: try common.logger())
        let emulator = try await self.emulator.start(factoryGlobalParameters: source.factory.globalParameters)
        if let emulator { options.globalParameters = emulator.globalParameters(overriding: source.factory.globalParameters) }
        let journal = RunJournal()
        var observers: [any RunObserver] = [journal]
        let recorder = try store.open().map { store in
            RunStoreRecorder(store: store, launch: RunLaunch(
                source: Self.absolute(self.source), pluginManifest: common.pluginManifest.map(Self.absolute)))
        }
        if let recorder {
            observers.append(recorder)
            observers.append(RunIdAnnouncer(storePath: recorder.store.path))
        }
        let live = output == .text && StandardStreams.output.isTerminal ? LiveRunView(stream: .output) : nil
        if let live {
            observers.append(live)
        } else if output == .text {
            observers.append(LineRunReporter(stream: .output))
        }
        let runner = PipelineRunner(
            factory: source.factory, registry: setup.registry, options: options, observer: RunObservers(observers))

        let result = Mutex<Result<PipelineRunRecord, RunStartError>?>(nil)
        let task = Task {
            do throws(RunStartError) {
                let record = try await runner.run(pipelineNamed: pipelineName, parameters: values, parametersLocation: parameters.location)
                result.withLock { $0 = .success(record) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        let interrupts = InterruptHandler(cancelling: task) {
            StandardStreams.error.write("\nCancelling the run (Ctrl-C again to quit at once)…\n")
        }
        let ticker = live?.startTicking()
        await task.value
        ticker?.cancel()
        interrupts.remove()
        live?.clear()
        await recorder?.close()
        await setup.shutdown()
        await emulator?.stop()

        switch result.withLock({ $0 }) {
        case .failure(let error)?:
            throw CommandFailure(error.description)
        case nil:
            throw CommandFailure("the run ended without a result")
        case .success(let record)?:
            switch output {
            case .json:
                let document = RunRecordsDocument.json(journal: journal, runId: record.runId)
                StandardStreams.output.write(JSONSerializer.serialize(document, options: .pretty) + "\n")
                if let emulator { StandardStreams.error.write(emulator.report()) }
            case .text:
                StandardStreams.output.write(
                    RunSummaryTable.render(journal: journal, runId: record.runId, width: StandardStreams.output.width))
                if let emulator { StandardStreams.output.write("\n" + emulator.report()) }
            }
            return Self.exitCode(for: record.status)
        }
    }

    /// A path made absolute, so a stored run can be resumed from another directory.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func exitCode(for status: PipelineRunStatus) -> Int32 {
        switch status {
        case .succeeded: RunExitCode.succeeded
        case .cancelled, .canceling: RunExitCode.cancelled
        default: RunExitCode.failed
        }
    }
}

extension Error {
    /// A usage error printed with exit status 64; any other error is rethrown as it is.
    func exit() -> any Error {
        if let failure = self as? CommandFailure { return failure.exit() }
        return self
    }
}
