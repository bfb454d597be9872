import HostCore
import Logging
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Process isolation: misbehaving plugins fail their activity, never the host", .tags(.medium))
struct ProcessIsolationTests {
    @Test("a segfault fails the activity with the signal named and the worker's stderr; the next call works")
    func segfault() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        let crashed = await bed.run("Crash.Segfault")
        let error = try crashed.requireFailed(code: "PluginWorkerCrashed")
        #expect(error.message.contains("SIGSEGV"))
        #expect(error.message.contains("org.pipehost.fixture.crashing"))
        #expect(error.message.contains("crash fixture: about to dereference NULL"))
        #expect(error.failureType == .systemError)
        let after = await bed.run("Crash.Fine")
        #expect(try after.requireSucceeded() == ["ok": true])
        #expect(bed.host.workerProcessesStarted >= 2)
    }

    @Test("abort() is reported as SIGABRT")
    func abort() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        let error = try await bed.run("Crash.Abort").requireFailed(code: "PluginWorkerCrashed")
        #expect(error.message.contains("SIGABRT"))
        #expect(error.message.contains("calling abort()"))
    }

    @Test("a Swift fatalError is reported with its trap signal and message")
    func fatalError() async throws {
        let bed = try IsolatedHost.swiftFixture()
        defer { bed.shutdown() }
        let error = try await bed.run("Fixture.FatalError").requireFailed(code: "PluginWorkerCrashed")
        #expect(error.message.contains("SIGILL") || error.message.contains("SIGTRAP"))
        #expect(error.message.contains("fixture fatalError"))
    }

    @Test("other activities in flight on other workers are untouched by a crash")
    func othersUnaffected() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        async let crash = bed.run("Crash.Segfault")
        async let fine = (0..<6).asyncMap { _ in await bed.run("Crash.Fine") }
        let crashed = await crash
        _ = try crashed.requireFailed(code: "PluginWorkerCrashed")
        for run in await fine {
            // A call sharing the crashed worker fails with it; every other call succeeds.
            if case .failed(let error) = run.outcome { #expect(error.errorCode == "PluginWorkerCrashed") }
        }
        #expect(try await bed.run("Crash.Fine").requireSucceeded() == ["ok": true])
    }

    @Test("an infinite loop is killed after the cancellation grace; the call ends cancelled with a warning")
    func infiniteLoop() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        // Cancelled once the plugin is inside its loop (it logs first).
        let services = FakeHostServices(cancelWhen: { $0.message == "looping forever" })
        let run = await bed.run("Crash.InfiniteLoop", services: services)
        try run.requireCancelled()
        #expect(
            run.logs.contains { $0.level == .warning && $0.message.contains("worker process was killed") },
            "\(run.outcome) \(run.logs)")
        #expect(try await bed.run("Crash.Fine").requireSucceeded() == ["ok": true])
    }

    @Test("a never-ending long-running operation whose cancel hangs is killed too")
    func neverEnding() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        let services = FakeHostServices()
        let task = Task { await bed.run("Crash.NeverEnding", services: services) }
        // Cancelled once the operation has started (its first state is saved).
        while services.savedStates.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        services.cancel()
        try await task.value.requireCancelled()
        #expect(services.logs.contains { $0.level == .warning && $0.message.contains("worker process was killed") })
    }

    @Test("writes to stdout do not corrupt the protocol")
    func stdoutWrites() async throws {
        let bed = try IsolatedHost.crashing()
        defer { bed.shutdown() }
        for _ in 0..<3 {
            #expect(try await bed.run("Crash.StdoutWrite").requireSucceeded() == ["printed": true])
        }
    }

    @Test("invalid JSON and huge outputs fail as plugin misbehaviour across the process boundary")
    func contractBreaches() async throws {
        let bed = try IsolatedHost.misbehaving()
        defer { bed.shutdown() }
        for type in ["Bad.InvalidJSON", "Bad.HugeOutput", "Bad.Status"] {
            let error = try await bed.run(type).requireFailed(code: "PluginMisbehaved")
            #expect(error.message.contains("org.pipehost.fixture.misbehaving"))
        }
        _ = try await bed.run("Bad.GoodFailure").requireFailed(code: "7", messageContains: "honest failure")
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T: Sendable>(_ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            for (index, element) in self.enumerated() { group.addTask { (index, await transform(element)) } }
            var results: [(Int, T)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
