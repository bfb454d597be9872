import HostCore
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Cancelling and resuming runs", .tags(.small))
struct CancellationAndResumeTests {
    typealias H = RunnerHarness

    @Test("cancelling the run (Ctrl-C) cancels running activities, records them Cancelled, and starts nothing else")
    func cancelRun() async throws {
        let factory = try H.factory([("main", [
            H.activity("Slow"), H.activity("Also Slow"), H.activity("Never", dependsOn: [("Slow", ["Completed"])]),
        ])])
        let script = Script(["Slow": .init(json: ["hangs": true]), "Also Slow": .init(json: ["hangs": true])])
        let journal = RunJournal()
        let runner = try H.runner(factory, script: script, observer: journal)
        let run = Task { try await runner.run(pipelineNamed: "main") }
        try await H.waitUntil { script.calls.count == 2 }
        run.cancel()
        let record = try await run.value

        #expect(record.status == .cancelled)
        #expect(Set(script.cancellations) == ["Slow", "Also Slow"])
        let runs = journal.activityRuns(of: record.runId)
        #expect(runs.filter { $0.activityName == "Slow" }.map(\.status) == [.cancelled])
        #expect(runs.filter { $0.activityName == "Also Slow" }.map(\.status) == [.cancelled])
        #expect(runs.first { $0.activityName == "Slow" }?.error?.errorCode == "ActivityCancelled")
        #expect(!runs.contains { $0.activityName == "Never" })
        #expect(journal.pipelineRun(record.runId)?.status == .cancelled)
    }

    @Test("a resumed run keeps finished activities and their outputs and runs the rest")
    func resumeAfterCancel() async throws {
        let factory = try H.factory([("main", [
            H.activity("First"),
            H.activity("Second", dependsOn: [("First", ["Succeeded"])], typeProperties: ["from": "@activity('First').output.token"]),
            H.activity("Third", dependsOn: [("Second", ["Succeeded"])]),
        ])])
        let journal = RunJournal()
        let firstScript = Script(["First": .init(json: ["output": ["token": "t-1"]]), "Second": .init(json: ["hangs": true])])
        let run = Task { try await H.runner(factory, script: firstScript, observer: journal).run(pipelineNamed: "main") }
        try await H.waitUntil { firstScript.calls(of: "Second").count == 1 }
        run.cancel()
        let cancelled = try await run.value
        #expect(cancelled.status == .cancelled)

        let snapshot = try #require(journal.snapshot(of: cancelled.runId))
        let secondScript = Script()
        let resumed = try await H.runner(factory, script: secondScript, observer: journal).resume(snapshot)

        #expect(resumed.status == .succeeded)
        #expect(resumed.runId == cancelled.runId)
        #expect(secondScript.calls(of: "First").isEmpty)
        #expect(secondScript.calls(of: "Second").first?.invocation.typeProperties["from"] == "t-1")
        #expect(secondScript.calls(of: "Third").count == 1)
    }

    @Test("a resumed ForEach does not repeat finished iterations")
    func resumeForEach() async throws {
        let factory = try H.factory([("main", [
            H.activity("Loop", type: "ForEach", typeProperties: [
                "items": "@createArray(1, 2, 3, 4, 5)", "isSequential": true,
                "activities": [H.activity("Process", typeProperties: ["value": "@item()"])],
            ]),
        ])])
        let journal = RunJournal()
        let firstScript = Script(["Process": .init(json: ["hangsOnValue": 3])])
        let run = Task { try await H.runner(factory, script: firstScript, observer: journal).run(pipelineNamed: "main") }
        try await H.waitUntil { firstScript.calls(of: "Process").count == 3 }
        run.cancel()
        let cancelled = try await run.value
        let snapshot = try #require(journal.snapshot(of: cancelled.runId))
        #expect(snapshot.finishedIterations["|Loop"] == [0: true, 1: true])

        let secondScript = Script()
        let resumed = try await H.runner(factory, script: secondScript, observer: journal).resume(snapshot)
        #expect(resumed.status == .succeeded)
        #expect(secondScript.calls(of: "Process").map { $0.invocation.typeProperties["value"] } == [3, 4, 5])
    }

    @Test("an Until timeout cancels the running iteration and records it with the reason")
    func untilTimeoutRecordsInnerCancellation() async throws {
        let factory = try H.factory([("main", [
            H.activity("Loop", type: "Until", typeProperties: [
                "expression": "@equals(1, 2)", "timeout": "0.00:00:01", "activities": [H.activity("Stuck")],
            ]),
        ])])
        let script = Script(["Stuck": .init(json: ["hangs": true])])
        let journal = RunJournal()
        let record = try await H.runner(factory, script: script, observer: journal).run(pipelineNamed: "main")
        #expect(record.status == .failed)
        let stuck = journal.activityRuns(of: record.runId).filter { $0.activityName == "Stuck" }
        #expect(stuck.map(\.status) == [.cancelled])
        #expect(stuck.first?.error?.errorCode == "UntilTimedOut")
        #expect(stuck.first?.scope == "Loop[0]")
    }
}
