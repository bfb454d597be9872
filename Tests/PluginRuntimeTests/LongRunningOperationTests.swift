import HostCore
import Logging
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Long-running operations", .tags(.medium), .timeLimit(.minutes(2)))
struct LongRunningOperationTests {
    @Test("start, then polls on the host's timers, each new state saved before the wait")
    func countdown() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let context = RecordingContext()
        let outcome = await host.run("Fixture.Countdown", ["polls": 3], context: context)
        let output = try #require(outcome.output)
        #expect(output["polls"] == 3)
        let states = try context.savedStates.map { try JSONParser.parse($0) }
        #expect(states.map { $0["remaining"] } == [3, 2, 1])
        #expect(Set(states.compactMap { $0["job"] }).count == 1)
        #expect(context.logs.contains { $0.message.hasSuffix("started") })
        #expect(context.progress.last?.fraction == 1)
    }

    @Test("a poll that returns the state it was given writes nothing: only changed states are saved")
    func unchangedStatesAreNotSaved() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let context = RecordingContext()
        let outcome = await host.run("Fixture.Countdown", ["polls": 3, "steadyPollsPerStep": 4], context: context)
        #expect(try #require(outcome.output)["polls"] == 3)
        let states = try context.savedStates.map { try JSONParser.parse($0) }
        #expect(states.map { $0["remaining"] } == [3, 2, 1])
    }

    @Test("a resumed run polls the saved operation instead of starting a new one")
    func resume() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let saved = Array(#"{"job":"job-from-yesterday","remaining":2}"#.utf8)
        let context = RecordingContext(savedOperationState: saved)
        let output = try #require(await host.run("Fixture.Countdown", ["polls": 5], context: context).output)
        #expect(output["job"] == "job-from-yesterday")
        #expect(!context.logs.contains { $0.message.hasSuffix("started") })
        #expect(context.savedStates.count == 1)
    }

    @Test("a failing poll fails the activity with the plugin's error")
    func failingPoll() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let error = try #require(await host.run("Fixture.Countdown", ["polls": 4, "failAtPoll": 2]).error)
        #expect(error.errorCode == "Countdown42")
        #expect(error.message == "the remote job failed at 2")
    }

    @Test("cancelling the task while the host waits between polls calls the plugin's cancel")
    func cancelOperation() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let executor = try #require(host.executor("Fixture.Countdown"))
        let context = RecordingContext()
        let task = Task {
            await executor.execute(
                Fixtures.invocation("Fixture.Countdown", ["polls": 1000, "intervalMilliseconds": 60_000]),
                context: context.context)
        }
        while context.savedStates.isEmpty { await Task.yield() }
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(context.logs.contains { $0.level == .warning && $0.message.contains("cancel requested for job-") })
    }

    @Test("cancellation reaches a blocking synchronous call through is_cancelled", arguments: [
        "Fixture.Sleep", "Fixture.AsyncSleep",
    ])
    func cancelBlockingCall(type: String) async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let executor = try #require(host.executor(type))
        let task = Task {
            await executor.execute(Fixtures.invocation(type, ["milliseconds": 600_000]), context: ActivityExecutionContext())
        }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(await task.value == .cancelled)
    }
}
