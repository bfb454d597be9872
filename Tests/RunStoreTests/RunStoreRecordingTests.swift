import Foundation
import GRDB
import HostCore
import PipehostJSON
import RunStore
import TestSizeTags
import Testing

@Suite("The run store records runs as they progress", .tags(.medium))
struct RunStoreRecordingTests {
    typealias B = StoreTestBed

    @Test("every pipeline run, activity run and attempt reads back as the engine recorded it")
    func roundTrip() async throws {
        let bed = try B()
        defer { bed.remove() }
        let (factory, _) = try B.factory([
            B.activity("First", typeProperties: ["n": 1]),
            B.activity("Retried", dependsOn: ["First"], typeProperties: ["fail": true], policy: ["retry": 1, "retryIntervalInSeconds": 30]),
            B.activity("Loop", type: "ForEach", dependsOn: ["First"], typeProperties: [
                "items": "@createArray('a', 'b', 'c')",
                "activities": [B.activity("Inner", typeProperties: ["label": "@item()"])],
            ]),
            B.activity("Remember", type: "SetVariable", dependsOn: ["Loop"], typeProperties: ["variableName": "v", "value": "done"]),
        ], variables: ["v": ["type": "String"]])
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store, launch: RunLaunch(source: "/tmp/example"))
        let journal = RunJournal()
        let executor = CountingExecutor()
        let runner = PipelineRunner(
            factory: factory, registry: try ActivityRegistry([executor]), options: RunOptions(sleeper: ImmediateSleeper()),
            observer: RunObservers([journal, recorder]))
        let record = try await runner.run(pipelineNamed: "main")
        await recorder.close()
        #expect(record.status == .failed)

        let reopened = try RunStore(path: bed.path)
        #expect(try reopened.pipelineRun(record.runId).withoutTimes == record.withoutTimes)
        let stored = try reopened.activityRuns(of: record.runId)
        #expect(stored.map(\.withoutTimes) == journal.activityRuns(of: record.runId).map(\.withoutTimes))
        #expect(stored.filter { $0.activityName == "Retried" }.map(\.retryAttempt) == [nil, 1])
        #expect(stored.filter { $0.activityName == "Inner" }.map(\.scope).sorted() == ["Loop[0]", "Loop[1]", "Loop[2]"])
        for (storedRecord, journalRecord) in zip(stored, journal.activityRuns(of: record.runId)) {
            let start = try #require(storedRecord.activityRunStart ?? journalRecord.activityRunStart.map { _ in Date.distantPast })
            if let expected = journalRecord.activityRunStart { #expect(abs(start.timeIntervalSince(expected)) < 0.000_01) }
        }
        let snapshot = try reopened.snapshot(of: record.runId)
        let expected = try #require(journal.snapshot(of: record.runId))
        #expect(snapshot.finishedActivityRunIds == expected.finishedActivityRunIds)
        #expect(snapshot.variables == expected.variables)
        #expect(snapshot.finishedIterations == expected.finishedIterations)
        #expect(snapshot.definition == expected.definition)
        #expect(try reopened.launch(of: record.runId) == RunLaunch(source: "/tmp/example"))
    }

    @Test("the store is in WAL mode with synchronous=NORMAL, and records the latest schema version")
    func pragmas() throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3"])
        let queue = try DatabaseQueue(path: bed.path)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("a saved operation state is on disk when record returns, before the runner waits on the job")
    func operationStateIsDurable() async throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store)
        let run = PipelineRunRecord(
            runId: "run-1", runGroupId: "run-1", pipelineName: "main", parameters: [:],
            invokedBy: .init(id: "t", name: "Manual", invokedByType: "Manual"), runStart: Date(), status: .inProgress)
        await recorder.record(.runStarted(run, definition: RunDefinition(parameters: [:])))
        await recorder.record(.operationStateSaved(
            pipelineRunId: "run-1", activityRunId: "act-1", scope: "", activityName: "Score", state: [1, 2, 3]))
        // Another connection, as another process would see the file.
        let other = try RunStore(path: bed.path)
        #expect(try other.snapshot(of: "run-1").operationStates == ["|Score": [1, 2, 3]])
        await recorder.close()
    }

    @Test("an unknown run id, an ambiguous prefix and a unique prefix")
    func runIds() async throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store)
        for id in ["abc-1", "abc-2", "xyz-1"] {
            let run = PipelineRunRecord(
                runId: id, runGroupId: id, pipelineName: "main", parameters: [:],
                invokedBy: .init(id: "t", name: "Manual", invokedByType: "Manual"), runStart: Date(), status: .inProgress)
            await recorder.record(.runStarted(run, definition: RunDefinition(parameters: [:])))
        }
        await recorder.close()
        #expect(try store.resolveRunId("xyz") == "xyz-1")
        #expect(throws: RunStoreError.self) { try store.resolveRunId("abc") }
        #expect(throws: RunStoreError.self) { try store.resolveRunId("nope") }
        let error = #expect(throws: RunStoreError.self) { try store.resolveRunId("nope") }
        #expect(error?.description.contains("pipehost runs list") == true)
    }

    @Test("a child run names the run that started it; a top-level run has none; an unknown run is an error")
    func parentRunIds() async throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store)
        for (id, parent) in [("top-1", nil), ("child-1", "top-1")] as [(String, String?)] {
            let run = PipelineRunRecord(
                runId: id, runGroupId: "top-1", pipelineName: "main", parameters: [:],
                invokedBy: .init(id: "t", name: "Manual", invokedByType: "Manual"), runStart: Date(), status: .inProgress)
            await recorder.record(.runStarted(run, definition: RunDefinition(parameters: [:], parentRunId: parent, parentActivityRunId: parent.map { _ in "a-1" })))
        }
        await recorder.close()
        #expect(try store.parentRunId(of: "top-1") == nil)
        #expect(try store.parentRunId(of: "child-1") == "top-1")
        #expect(throws: RunStoreError.self) { try store.parentRunId(of: "nope") }
    }

    @Test("prune deletes finished runs older than the cut-off and keeps the rest")
    func prune() async throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store)
        let old = Date(timeIntervalSinceNow: -40 * 86_400)
        for (id, start, status) in [("old", old, PipelineRunStatus.succeeded), ("old-running", old, .inProgress), ("new", Date(), .failed)] {
            var run = PipelineRunRecord(
                runId: id, runGroupId: id, pipelineName: "main", parameters: [:],
                invokedBy: .init(id: "t", name: "Manual", invokedByType: "Manual"), runStart: start, status: .inProgress)
            await recorder.record(.runStarted(run, definition: RunDefinition(parameters: [:])))
            await recorder.record(.activityFinished(ActivityRunRecord(
                pipelineName: "main", pipelineRunId: id, activityName: "A", activityType: "T", activityRunId: "\(id)-a",
                status: .succeeded, activityRunStart: start, activityRunEnd: start)))
            if status.isFinal {
                run.status = status
                run.runEnd = start
                await recorder.record(.runFinished(run))
            }
        }
        await recorder.close()
        #expect(try store.prune(startedBefore: Date(timeIntervalSinceNow: -30 * 86_400)) == 1)
        let left = try store.runs(matching: RunQuery()).map(\.runId)
        #expect(Set(left) == ["old-running", "new"])
        #expect(try store.activityRuns(of: "old").isEmpty)
        #expect(try store.runs(matching: RunQuery(status: .failed)).map(\.runId) == ["new"])
        #expect(try store.runs(matching: RunQuery()).map(\.runId) == ["new", "old-running"])
    }
}

/// Retry intervals pass at once in tests; the store does not care how long they were.
struct ImmediateSleeper: RunSleeper {
    func sleep(for duration: Duration) async throws { try Task.checkCancellation() }
}
