import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import RunStore
import Synchronization

/// Runs a stored run again (resume or rerun) with the factory and plugins it was started with,
/// recording into the same store and reporting as `pipehost run` does.
struct StoredRunSession {
    let store: RunStore
    let factory: FactorySource
    let setup: ExecutorSetup
    let options: RunOptions
    let launch: RunLaunch

    /// Loads what the run `runId` was started with; `source`/`plugins` override the stored paths.
    static func prepare(
        store: RunStore, runId: String, source: String?, plugins: String?, common: CommonRunOptions, rerunOf: String? = nil
    ) throws(CommandFailure) -> StoredRunSession {
        let stored: RunLaunch
        let run: PipelineRunRecord
        do {
            stored = try store.launch(of: runId)
            run = try store.pipelineRun(runId)
        } catch {
            throw CommandFailure(error.description)
        }
        guard let path = source ?? stored.source else {
            throw CommandFailure("the run \(runId) does not say where its pipeline came from; give it with --source FILE-OR-FOLDER")
        }
        let factory = try FactorySource(path: path, pipeline: run.pipelineName)
        let manifest = plugins ?? common.pluginManifest ?? stored.pluginManifest
        let setup = try ExecutorSetup.load(manifest: manifest)
        let options = RunOptions(secretProvider: try common.secretProvider(), logger: try common.logger())
        return StoredRunSession(
            store: store, factory: factory, setup: setup, options: options,
            launch: RunLaunch(source: RunCommand.absolute(path), pluginManifest: manifest.map(RunCommand.absolute), rerunOf: rerunOf))
    }

    /// Runs `start` with a runner that records into the store, prints progress and the summary,
    /// and returns the exit status.
    func execute(
        json: Bool, _ start: @escaping @Sendable (PipelineRunner) async throws(RunStartError) -> PipelineRunRecord
    ) async throws(CommandFailure) -> Int32 {
        let journal = RunJournal()
        let recorder = RunStoreRecorder(store: store, launch: launch)
        var observers: [any RunObserver] = [journal, recorder, RunIdAnnouncer(storePath: store.path)]
        if !json { observers.append(LineRunReporter(stream: .output)) }
        let runner = PipelineRunner(
            factory: factory.factory, registry: setup.registry, options: options, observer: RunObservers(observers))
        let result = Mutex<Result<PipelineRunRecord, RunStartError>?>(nil)
        let task = Task {
            do throws(RunStartError) {
                let record = try await start(runner)
                result.withLock { $0 = .success(record) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        let interrupts = InterruptHandler(cancelling: task) {
            StandardStreams.error.write("\nCancelling the run (Ctrl-C again to quit at once)…\n")
        }
        await task.value
        interrupts.remove()
        await recorder.close()
        await setup.shutdown()
        switch result.withLock({ $0 }) {
        case .failure(let error)?:
            throw CommandFailure(error.description)
        case nil:
            throw CommandFailure("the run ended without a result")
        case .success(let record)?:
            if json {
                let document = StoredRunDocument.json(store: store, runId: record.runId)
                StandardStreams.output.write(JSONSerializer.serialize(document, options: .pretty) + "\n")
            } else {
                StandardStreams.output.write(
                    RunSummaryTable.render(journal: journal, runId: record.runId, width: StandardStreams.output.width))
            }
            return RunCommand.exitCode(for: record.status)
        }
    }
}

/// The ADF-shaped records of a stored run (as `pipehost run --output json` prints them).
enum StoredRunDocument {
    static func json(store: RunStore, runId: String) -> JSONValue {
        var document: JSONObject = [
            "pipelineRun": (try? store.pipelineRun(runId).json) ?? .null,
            "activityRuns": .array(((try? store.activityRuns(of: runId)) ?? []).map(\.json)),
        ]
        let children = (try? store.descendantRuns(of: runId)) ?? []
        if !children.isEmpty {
            document["childPipelineRuns"] = .array(children.map { child in
                [
                    "pipelineRun": child.json,
                    "activityRuns": .array(((try? store.activityRuns(of: child.runId)) ?? []).map(\.json)),
                ]
            })
        }
        return .object(document)
    }

    /// A journal holding the stored run and its child runs, for the text renderers.
    static func journal(store: RunStore, runId: String) async throws(RunStoreError) -> RunJournal {
        let journal = RunJournal()
        let runs = [try store.pipelineRun(runId)] + (try store.descendantRuns(of: runId))
        for run in runs {
            await journal.record(.runStarted(run, definition: RunDefinition(parameters: run.parameters)))
            for activity in try store.activityRuns(of: run.runId) { await journal.record(.activityFinished(activity)) }
        }
        return journal
    }
}
