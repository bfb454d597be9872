import ArgumentParser
import Foundation
import HostCore
import PipelineModel
import RunStore

/// `pipehost runs resume RUN_ID`: continues a run that stopped (the host was killed, or the run
/// was cancelled) under the same run id.
struct RunsResumeCommand: ExitStatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run that stopped (host killed or run cancelled), under the same run id.",
        discussion: """
            Finished activities keep their results; long-running operations resume polling the same
            remote job from their saved state; attempts that were running when the host died are
            recorded as failed (HostProcessEnded) and run again. SecureString parameters are not
            stored: give them again with --param. Exit status as for pipehost run.
            """)

    @Argument(help: "The run id (or a unique prefix of it).")
    var runId: String

    @Option(name: .customLong("source"), help: ArgumentHelp(
        "The pipeline file or folder, when it moved since the run started.", valueName: "file-or-folder"))
    var source: String?

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup(title: "ARM template parameters") var template: TemplateParameterOptions
    @OptionGroup var common: CommonRunOptions
    @OptionGroup var emulator: EmulatorOptions
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("output"), help: "text (lines, then a summary) or json (the run records).")
    var output: RunCommand.OutputFormat = .text

    func execute() async throws(CommandFailure) -> Int32 {
        let store = try self.store.open()
        let snapshot: RunSnapshot
        let id: String
        do {
            id = try store.resolveRunId(runId)
            let run = try store.pipelineRun(id)
            if run.status == .succeeded || run.status == .failed {
                throw CommandFailure(
                    "the run \(id) already ended \(run.status.rawValue); nothing to resume (pipehost runs rerun \(id) --from-failed runs it again)")
            }
            guard try store.parentRunId(of: id) == nil else {
                throw CommandFailure("the run \(id) is a child run started by ExecutePipeline; resume its top-level run instead")
            }
            // Before anything is changed: a run another process is running must not run twice.
            try store.claimRun(id)
            try store.markInterrupted(id, at: Date())
            snapshot = try store.snapshot(of: id)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
        let session = try StoredRunSession.prepare(store: store, runId: id, source: source, plugins: nil, common: common, loadOptions: template.loadOptions)
        let values = try parameters.resolve(for: session.factory.factory.pipeline(named: snapshot.pipelineRun.pipelineName))
        return try await session.execute(json: output == .json, emulator: emulator) { runner async throws(RunStartError) in
            try await runner.resume(snapshot, parameters: values)
        }
    }
}
