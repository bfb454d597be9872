import Synchronization

/// An async FIFO lock: the host takes it around every call of an activity type that is not
/// thread-safe, so such a type never runs two calls at once. A waiting task holds no thread and
/// stops waiting when it is cancelled.
final class SerialGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var isHeld = false
        var holder: UInt64?
        var waiters: [Waiter] = []
        /// Waiters whose task was cancelled before they were queued.
        var cancelledBeforeQueued: Set<UInt64> = []
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Waits for the gate. Returns true once it holds the gate, false when the task was cancelled
    /// while waiting (then it does not hold it). Pass `ignoringCancellation` for work that must
    /// run even after cancellation (a long-running operation's `cancel`).
    nonisolated(nonsending) func acquire(ignoringCancellation: Bool = false) async -> Bool {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        if ignoringCancellation { return await enqueue(id) }
        return await withTaskCancellationHandler {
            await enqueue(id)
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index)
                }
                if state.holder != id { state.cancelledBeforeQueued.insert(id) }
                return nil
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Hands the gate to the longest waiter, or opens it.
    func release() {
        let next: Waiter? = state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.isHeld = false
                state.holder = nil
                return nil
            }
            let waiter = state.waiters.removeFirst()
            state.holder = waiter.id
            return waiter
        }
        next?.continuation.resume(returning: true)
    }

    private nonisolated(nonsending) func enqueue(_ id: UInt64) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let immediate: Bool? = state.withLock { state in
                if state.cancelledBeforeQueued.remove(id) != nil { return false }
                if !state.isHeld {
                    state.isHeld = true
                    state.holder = id
                    return true
                }
                state.waiters.append(Waiter(id: id, continuation: continuation))
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }
}
