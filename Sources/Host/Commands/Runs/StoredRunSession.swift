import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import RunStore

/// Runs a stored run again (resume or rerun) with the factory and plugins it was started with,
/// recording into the same store and reporting as `pipehost run` does.
struct StoredRunSession {
    let store: RunStore
    let factory: FactorySource
    let plugins: PluginSelection
    let options: RunOptions
    let launch: RunLaunch

    /// Loads what the run `runId` was started with; `source`/`plugins` override the stored paths.
    static func prepare(
        store: RunStore, runId: String, source: String?, plugins: String?, common: CommonRunOptions, rerunOf: String? = nil,
        loadOptions: FactoryLoadOptions = FactoryLoadOptions()
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
        let factory = try FactorySource(path: path, pipeline: run.pipelineName, options: loadOptions)
        let manifest = plugins ?? common.pluginManifest ?? stored.pluginManifest
        let options = RunOptions(secretProvider: try common.secretProvider(), logger: try common.logger())
        return StoredRunSession(
            store: store, factory: factory, plugins: PluginSelection(manifest: manifest, isolateAll: common.isolatePlugins),
            options: options,
            launch: RunLaunch(source: RunCommand.absolute(path), pluginManifest: manifest.map(RunCommand.absolute), rerunOf: rerunOf))
    }

    /// Runs `start` with a runner that records into the store (through ``RunDriver``, which loads
    /// the plugins and starts the emulator when `emulator` asks for it), prints progress and the
    /// summary, and returns the exit status.
    func execute(
        json: Bool, emulator: EmulatorOptions,
        _ start: @escaping @Sendable (PipelineRunner) async throws(RunStartError) -> PipelineRunRecord
    ) async throws(CommandFailure) -> Int32 {
        try await RunDriver.with(plugins, logger: options.logger) { driver throws(CommandFailure) in
            try await driver.startEmulator(emulator, factoryGlobalParameters: factory.factory.globalParameters)
            let store = self.store
            let presentation: RunPresentation =
                json ? .records { runId, _ in StoredRunDocument.json(store: store, runId: runId) } : .summary(live: false)
            return try await driver.run(
                factory.factory, options: options, recording: RunRecording(store: store, launch: launch),
                presentation: presentation, start)
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
