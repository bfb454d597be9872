import Foundation
import GRDB
import HostCore
import PipehostJSON
import Synchronization

/// Where a run came from, stored with each top-level run so that `runs resume` and `runs rerun`
/// can load the same factory and plugins again.
public struct RunLaunch: Sendable, Equatable {
    /// The pipeline file, ARM template or folder the factory was read from (absolute).
    public var source: String?
    /// The plugin manifest given with `--plugins`, if any (absolute).
    public var pluginManifest: String?
    /// The run this one reruns, if it is a rerun.
    public var rerunOf: String?

    public init(source: String? = nil, pluginManifest: String? = nil, rerunOf: String? = nil) {
        self.source = source
        self.pluginManifest = pluginManifest
        self.rerunOf = rerunOf
    }
}

/// The observer that writes a run into the store as it progresses.
///
/// Events are queued and written by one writer thread in batches (one transaction each), so the
/// runner never waits for the disk; events after which the runner waits on the outside world
/// (a saved long-running operation state, the end of a run) are awaited until they are written.
/// A write that fails is reported once on standard error; the run goes on.
///
/// The recorder also holds the lease of each top-level run it records (`RunLease`): written with
/// the run's start, renewed by the writer thread every `RunLeaseTiming.heartbeatInterval` while
/// the run goes on, and given up when the run ends, so that no other process resumes a live run.
public final class RunStoreRecorder: RunObserver, Sendable {
    private struct Queue {
        var events: [RunEvent] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        var closed = false
        var failure: String?
    }

    public let store: RunStore
    public let launch: RunLaunch
    /// The process recorded as the owner of the runs.
    public let owner: RunOwner
    private let heartbeatInterval: TimeInterval
    private let leaseLost: @Sendable (String) -> Void
    private let queue = Mutex(Queue())
    private let wakeUp = NSCondition()
    private let finished = Mutex<Bool>(false)

    /// - Parameter leaseLost: called (on the writer thread) with the id of a run whose lease
    ///   another process took over because this one failed to renew it in time; the caller should
    ///   stop that run.
    public init(
        store: RunStore, launch: RunLaunch = RunLaunch(), owner: RunOwner = .current,
        heartbeatInterval: TimeInterval = RunLeaseTiming.heartbeatInterval, leaseLost: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.store = store
        self.launch = launch
        self.owner = owner
        self.heartbeatInterval = heartbeatInterval
        self.leaseLost = leaseLost
        let thread = Thread { [self] in self.writeLoop() }
        thread.name = "pipehost.runstore"
        thread.start()
    }

    public nonisolated(nonsending) func record(_ event: RunEvent) async {
        let mustBeDurable: Bool
        switch event {
        case .operationStateSaved, .runStarted, .runFinished: mustBeDurable = true
        default: mustBeDurable = false
        }
        if mustBeDurable {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                enqueue(event, waiter: continuation)
            }
        } else {
            enqueue(event, waiter: nil)
        }
    }

    /// Waits until every event recorded so far is written, then stops the writer thread.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = queue.withLock { queue -> Bool in
                guard !queue.closed else { return false }
                queue.closed = true
                queue.waiters.append(continuation)
                return true
            }
            if accepted { signal() } else { continuation.resume() }
        }
    }

    /// The first write failure, if any.
    public var failure: String? { queue.withLock { $0.failure } }

    private func enqueue(_ event: RunEvent, waiter: CheckedContinuation<Void, Never>?) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.closed else { return false }
            queue.events.append(event)
            if let waiter { queue.waiters.append(waiter) }
            return true
        }
        if accepted {
            signal()
        } else {
            waiter?.resume()
        }
    }

    private func signal() {
        wakeUp.lock()
        wakeUp.signal()
        wakeUp.unlock()
    }

    private func writeLoop() {
        var leased: [String] = []
        var nextHeartbeat = Date().addingTimeInterval(heartbeatInterval)
        while true {
            wakeUp.lock()
            var batch: (events: [RunEvent], waiters: [CheckedContinuation<Void, Never>], closed: Bool)
            var heartbeatDue = false
            while true {
                batch = queue.withLock { queue in
                    let taken = (queue.events, queue.waiters, queue.closed)
                    queue.events = []
                    queue.waiters = []
                    return taken
                }
                if !batch.events.isEmpty || !batch.waiters.isEmpty || batch.closed { break }
                if leased.isEmpty {
                    wakeUp.wait()
                } else if !wakeUp.wait(until: nextHeartbeat) {
                    heartbeatDue = true
                    break
                }
            }
            wakeUp.unlock()
            if !batch.events.isEmpty {
                write(batch.events)
                for event in batch.events {
                    switch event {
                    case .runStarted(let run, let definition) where definition.parentRunId == nil: leased.append(run.runId)
                    case .runFinished(let run): leased.removeAll { $0 == run.runId }
                    default: break
                    }
                }
            }
            if heartbeatDue || (!leased.isEmpty && Date() >= nextHeartbeat) {
                renew(&leased)
                nextHeartbeat = Date().addingTimeInterval(heartbeatInterval)
            }
            for waiter in batch.waiters { waiter.resume() }
            if batch.closed { return }
        }
    }

    private func write(_ events: [RunEvent]) {
        do {
            try store.pool.write { db in
                for event in RunEventCoalescing.coalesced(events) {
                    try RunEventWriter.write(event, launch: launch, owner: owner, into: db)
                }
            }
        } catch {
            report(error)
        }
    }

    /// Renews the leases of the runs in progress; a run whose lease was taken over is dropped
    /// and reported.
    private func renew(_ leased: inout [String]) {
        let runIds = leased
        do {
            let lost = try store.pool.write { db in try RunStore.renewLeases(runIds, owner: owner, at: Date(), in: db) }
            for runId in lost {
                leased.removeAll { $0 == runId }
                FileHandle.standardError.write(Data(
                    "warning: another process took over the run \(runId) (this one did not renew its lease in time); stopping it here\n".utf8))
                leaseLost(runId)
            }
        } catch {
            report(error)
        }
    }

    private func report(_ error: any Error) {
        let first = queue.withLock { queue -> Bool in
            defer { if queue.failure == nil { queue.failure = "\(error)" } }
            return queue.failure == nil
        }
        if first {
            FileHandle.standardError.write(Data(
                "warning: the run store '\(store.path)' could not record the run: \(error)\n".utf8))
        }
    }
}
