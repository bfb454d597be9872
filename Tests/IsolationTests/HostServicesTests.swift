import HostCore
import Logging
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Host services and long-running operations across the process boundary", .tags(.medium))
struct HostServicesTests {
    @Test("logs and progress reach the host's context through the protocol")
    func logsAndProgress() async throws {
        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let run = await bed.run("Fixture.Log")
        try run.requireSucceeded()
        #expect(run.logs.contains { $0.message == "message at error" && $0.level == .error })
        #expect(run.progress.contains { $0.fraction == 0.5 && $0.message == "halfway" })
        #expect(run.progress.contains { $0.fraction == nil && $0.message == "unknown" })
    }

    @Test("a long-running operation polls in the worker and saves each state through the host")
    func longRunning() async throws {
        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let run = await bed.run("Fixture.Countdown", typeProperties: ["polls": 3])
        let output = try run.requireSucceeded()
        #expect(output["polls"] == 3)
        #expect(run.services.savedStates.count == 3)
        #expect(run.progress.count == 3)
    }

    @Test("a saved state is resumed by polling in the worker")
    func resume() async throws {
        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let first = FakeHostServices(cancelWhen: { $0.message.contains("started") })
        _ = await bed.run("Fixture.Countdown", typeProperties: ["polls": 2, "intervalMilliseconds": 50], services: first)
        let saved = try #require(first.savedStates.first)
        let resumed = await bed.run(
            "Fixture.Countdown", typeProperties: ["polls": 2], services: FakeHostServices(resumingOperationState: saved))
        #expect(try resumed.requireSucceeded()["polls"] == 2)
        #expect(resumed.logs.contains { $0.message.contains("resuming the saved operation") })
    }

    @Test("cancelling a sleeping call is honoured in the worker without killing it")
    func cooperativeCancellation() async throws {
        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let services = FakeHostServices()
        let task = Task { await bed.run("Fixture.Sleep", typeProperties: ["milliseconds": 60000], services: services) }
        try await Task.sleep(for: .milliseconds(200))
        services.cancel()
        try await task.value.requireCancelled()
        #expect(!services.logs.contains { $0.message.contains("worker process was killed") })
        #expect(bed.host.workerProcessesStarted == 1)
    }

    @Test("the same results in process and in process isolation")
    func sameResults() async throws {
        let isolated = try IsolatedHost.swiftFixture()
        let inProcess = try IsolatedHost.swiftFixture(isolation: .inProcess)
        defer {
            isolated.shutdown()
            inProcess.shutdown()
        }
        for (type, properties) in [("Fixture.Echo", ["x": 1] as JSONValue), ("Fixture.Typed", ["count": 2]), ("Fixture.Fail", [:])] {
            let a = await isolated.run(type, typeProperties: properties)
            let b = await inProcess.run(type, typeProperties: properties)
            if type == "Fixture.Echo" {
                #expect(try a.requireOutput("typeProperties") == b.requireOutput("typeProperties"))
            } else {
                #expect(a.outcome == b.outcome)
            }
        }
        #expect(Set(isolated.activityTypes) == Set(inProcess.activityTypes))
    }
}
