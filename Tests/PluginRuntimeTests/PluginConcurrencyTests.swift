import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Concurrent dispatch", .tags(.medium), .timeLimit(.minutes(2)))
struct PluginConcurrencyTests {
    @Test("many tasks dispatch concurrently to a thread-safe activity and each gets its own answer")
    func threadSafeEcho() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let echo = try #require(host.executor("Fixture.Echo"))
        let outputs = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let outcome = await echo.execute(
                        Fixtures.invocation("Fixture.Echo", ["index": .integer(Int64(index))]), context: ActivityExecutionContext())
                    return (index, outcome.output?["typeProperties"]?["index"])
                }
            }
            var collected: [Int: JSONValue?] = [:]
            for await (index, value) in group { collected[index] = value }
            return collected
        }
        #expect(outputs.count == 200)
        #expect(outputs.allSatisfy { index, value in value == .integer(Int64(index)) })
    }

    @Test("calls of a thread-safe activity really run at the same time on several threads")
    func rendezvous() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin], threads: 8)
        defer { host.shutdown() }
        let executor = try #require(host.executor("Fixture.Rendezvous"))
        let outcomes = await withTaskGroup(of: ActivityOutcome.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    await executor.execute(
                        Fixtures.invocation("Fixture.Rendezvous", ["group": "six", "parties": 6]),
                        context: ActivityExecutionContext())
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: .succeeded(output: ["met": 6]), count: 6))
    }

    @Test("the host serialises an activity that is not thread-safe")
    func serialised() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin], threads: 8)
        defer { host.shutdown() }
        let executor = try #require(host.executor("Fixture.Serial"))
        let outcomes = await withTaskGroup(of: ActivityOutcome.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    await executor.execute(
                        Fixtures.invocation("Fixture.Serial", ["milliseconds": 2, "probe": "serialised"]), context: ActivityExecutionContext())
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 24)
        #expect(outcomes.allSatisfy { $0 == .succeeded(output: ["overlapped": false]) }, "\(outcomes)")
    }

    @Test("blocking calls never use more worker threads than the limit")
    func threadLimit() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin], threads: 3)
        defer { host.shutdown() }
        let executor = try #require(host.executor("Fixture.Sleep"))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    let outcome = await executor.execute(
                        Fixtures.invocation("Fixture.Sleep", ["milliseconds": 1]), context: ActivityExecutionContext())
                    #expect(outcome == .succeeded(output: ["slept": 1]))
                }
            }
        }
        #expect(host.workerThreadsStarted <= 3)
        #expect(host.workerThreadsStarted >= 1)
    }

    @Test("a task cancelled while it waits for a serialised activity stops waiting")
    func cancelWhileWaiting() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let executor = try #require(host.executor("Fixture.Serial"))
        let context = RecordingContext()
        let blocker = Task {
            await executor.execute(Fixtures.invocation("Fixture.Serial", ["milliseconds": 60_000]), context: context.context)
        }
        // A head start so that the blocker usually holds the gate; whichever call gets it first,
        // both must end as cancelled, because both would sleep a minute.
        try await Task.sleep(for: .milliseconds(50))
        let waiter = Task {
            await executor.execute(Fixtures.invocation("Fixture.Serial", ["milliseconds": 60_000]), context: ActivityExecutionContext())
        }
        waiter.cancel()
        #expect(await waiter.value == .cancelled)
        blocker.cancel()
        #expect(await blocker.value == .cancelled)
    }
}
