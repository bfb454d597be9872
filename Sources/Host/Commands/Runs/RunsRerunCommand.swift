import ArgumentParser
import Foundation
import HostCore
import PipelineModel
import RunStore

/// `pipehost runs rerun RUN_ID [--from-failed | --from-activity NAME | --failed-items]`.
struct RunsRerunCommand: ExitStatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Run a recorded run again as a new run in the same run group (ADF's rerun).",
        discussion: """
            Without options the whole pipeline runs again with the same parameters. --from-failed
            reuses the outputs of top-level activities that succeeded and runs the rest (control
            activities are evaluated again); --from-activity NAME runs NAME and everything downstream
            of it; --failed-items is --from-failed where a ForEach repeats only its failed
            iterations. SecureString parameters are not stored: give them again with --param.
            """)

    @Argument(help: "The run id (or a unique prefix of it).")
    var runId: String

    @Flag(name: .customLong("from-failed"), help: "Reuse succeeded top-level activities; run the rest.")
    var fromFailed = false

    @Option(name: .customLong("from-activity"), help: ArgumentHelp("Run this top-level activity and everything downstream of it.", valueName: "name"))
    var fromActivity: String?

    @Flag(name: .customLong("failed-items"), help: "As --from-failed, and ForEach loops repeat only their failed iterations.")
    var failedItems = false

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

    func validate() throws {
        if [fromFailed, failedItems, fromActivity != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --from-failed, --failed-items and --from-activity")
        }
    }

    var mode: RerunMode {
        if let fromActivity { return .fromActivity(fromActivity) }
        if failedItems { return .failedItems }
        return fromFailed ? .fromFailed : .whole
    }

    func execute() async throws(CommandFailure) -> Int32 {
        let store = try self.store.open()
        let id: String
        let original: RunSnapshot
        do {
            id = try store.resolveRunId(runId)
            try store.requireNotRunning(id)
            original = try store.snapshot(of: id)
        } catch {
            throw CommandFailure(error.description)
        }
        guard original.definition.parentRunId == nil else {
            throw CommandFailure("the run \(id) is a child run started by ExecutePipeline; rerun its top-level run instead")
        }
        let session = try StoredRunSession.prepare(store: store, runId: id, source: source, plugins: nil, common: common, rerunOf: id, loadOptions: template.loadOptions)
        guard let pipeline = session.factory.factory.pipeline(named: original.pipelineRun.pipelineName) else {
            throw CommandFailure("the pipeline '\(original.pipelineRun.pipelineName)' is no longer in \(session.launch.source ?? "its source")")
        }
        let values = try parameters.resolve(for: pipeline)
        let planned: RunSnapshot
        do {
            let plan = try RerunPlan.snapshot(rerunning: original, pipeline: pipeline, mode: mode, newRunId: GUIDGenerator.shared.next())
            try store.copyReusedActivities(plan.reused, into: plan.snapshot.pipelineRun.runId)
            planned = plan.snapshot
        } catch let error as RerunError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("\(error)")
        }
        return try await session.execute(json: output == .json, emulator: emulator) { runner async throws(RunStartError) in
            try await runner.resume(planned, parameters: values)
        }
    }
}
