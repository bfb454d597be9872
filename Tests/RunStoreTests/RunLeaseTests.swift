import Foundation
import GRDB
import HostCore
import PipehostJSON
import RunStore
import Synchronization
import TestSizeTags
import Testing

/// A top-level run has one owner at a time: the process running it holds a lease in the store,
/// renews it while the run goes on and gives it up at the end; another process may take the run
/// over only when that lease expired or its owner on this host is gone.
@Suite("Run leases", .tags(.medium))
struct RunLeaseTests {
    typealias B = StoreTestBed

    /// A process on another host whose heartbeat is `age` seconds old.
    static func remoteOwner(_ store: RunStore, runId: String, age: TimeInterval) throws {
        let owner = RunOwner(host: "elsewhere.example", pid: 4242, processStart: "boot:1")
        try store.claimRun(runId, as: owner, at: Date().addingTimeInterval(-age))
    }

    @Test("a live lease of another host refuses the claim, naming its owner; an expired one is taken over")
    func otherHost() throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        try Self.remoteOwner(store, runId: "run-1", age: 2)
        #expect {
            try store.claimRun("run-1")
        } throws: { error in
            let text = "\(error)"
            return text.contains("the run run-1 is being run by pipehost pid 4242 on host 'elsewhere.example'")
                && text.contains("would run its activities twice") && text.contains("kill 4242")
        }
        #expect(try store.lease(of: "run-1")?.owner.pid == 4242)

        try Self.remoteOwner(store, runId: "run-2", age: RunLeaseTiming.expiry + 1)
        try store.claimRun("run-2")
        #expect(try store.lease(of: "run-2")?.owner == .current)
    }

    @Test("on this host, a lease whose process ended is taken over at once; a live process keeps it")
    func thisHost() throws {
        let bed = try B()
        defer { bed.remove() }
        let store = try RunStore(path: bed.path)
        // Our own pid with another start time: the process that held it is gone (the pid was reused).
        let ended = RunOwner(host: RunOwner.current.host, pid: getpid(), processStart: "another-boot:1")
        #expect(ended.hasEnded)
        try store.claimRun("run-1", as: ended)
        try store.claimRun("run-1")
        #expect(try store.lease(of: "run-1")?.owner == .current)

        // The test runner's parent process is alive: its lease holds.
        let parent = getppid()
        let alive = RunOwner(host: RunOwner.current.host, pid: parent, processStart: try #require(RunOwner.current.processStartOfParent()))
        #expect(!alive.hasEnded)
        try store.claimRun("run-2", as: alive)
        #expect(throws: RunStoreError.self) { try store.claimRun("run-2") }
        #expect(throws: RunStoreError.self) { try store.requireNotRunning("run-2") }
        try store.requireNotRunning("run-1")
    }

    @Test("the recorder holds the lease while the run goes on, renews it, and gives it up at the end")
    func recorderHoldsTheLease() async throws {
        let bed = try B()
        defer { bed.remove() }
        let (factory, _) = try B.factory([B.activity("Hold", type: "Test.Hold")])
        let store = try RunStore(path: bed.path)
        let recorder = RunStoreRecorder(store: store, heartbeatInterval: 0.05)
        let hold = HoldingExecutor()
        let runner = PipelineRunner(factory: factory, registry: try ActivityRegistry([hold]), observer: recorder)
        let run = Task { try await runner.run(pipelineNamed: "main") }
        try await hold.started()
        let runId = try #require(try store.runs(matching: RunQuery()).first?.runId)
        let first = try #require(try store.lease(of: runId))
        #expect(first.owner == .current)
        var renewed = first
        for _ in 0..<200 where renewed.heartbeatAt == first.heartbeatAt {
            try await Task.sleep(for: .milliseconds(10))
            renewed = try #require(try store.lease(of: runId))
        }
        #expect(renewed.heartbeatAt > first.heartbeatAt)
        hold.release()
        _ = try await run.value
        await recorder.close()
        #expect(try store.lease(of: runId) == nil)
    }

    @Test("a run whose lease another process took over is reported to the caller, which stops it")
    func leaseLost() async throws {
        let bed = try B()
        defer { bed.remove() }
        let (factory, _) = try B.factory([B.activity("Hold", type: "Test.Hold")])
        let store = try RunStore(path: bed.path)
        let lost = Mutex<[String]>([])
        let recorder = RunStoreRecorder(store: store, heartbeatInterval: 0.05) { runId in lost.withLock { $0.append(runId) } }
        let hold = HoldingExecutor()
        let runner = PipelineRunner(factory: factory, registry: try ActivityRegistry([hold]), observer: recorder)
        let run = Task { try await runner.run(pipelineNamed: "main") }
        try await hold.started()
        let runId = try #require(try store.runs(matching: RunQuery()).first?.runId)
        // Another process takes the run over (as it may once this one stopped renewing the lease).
        // Like a RunStore, it waits for the recorder's write lock rather than failing at once: with
        // GRDB's default (fail on a busy database) a heartbeat in progress made this test fail.
        var otherProcess = Configuration()
        otherProcess.busyMode = .timeout(10)
        try await DatabaseQueue(path: bed.path, configuration: otherProcess).write { db in
            try db.execute(
                sql: "UPDATE run_leases SET host = 'elsewhere.example', pid = 4242, process_start = 'boot:1' WHERE run_id = ?",
                arguments: [runId])
        }
        for _ in 0..<200 where lost.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(lost.withLock { $0 } == [runId])
        run.cancel()
        hold.release()
        _ = try await run.value
        await recorder.close()
        // The run's end does not remove the lease it no longer holds.
        #expect(try store.lease(of: runId)?.owner.pid == 4242)
    }
}

extension RunOwner {
    /// The start of this process's parent, as a lease records it.
    func processStartOfParent() -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(getppid())/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return fields.count > 19 ? "\(boot):\(fields[19])" : nil
    }
}

/// Runs until released (or cancelled), so a test can look at the store while a run is in progress.
final class HoldingExecutor: ActivityExecutor {
    let descriptor = ActivityTypeDescriptor(typeName: "Test.Hold", origin: .builtIn, isThreadSafe: true, isLongRunning: false)
    private let state = Mutex((started: false, released: false))

    func started() async throws {
        for _ in 0..<1000 where !state.withLock({ $0.started }) { try await Task.sleep(for: .milliseconds(10)) }
    }

    func release() { state.withLock { $0.released = true } }

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        state.withLock { $0.started = true }
        while !state.withLock({ $0.released }), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
        return Task.isCancelled ? .cancelled : .succeeded(output: .object([:]))
    }
}
