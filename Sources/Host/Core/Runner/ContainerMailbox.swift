import Synchronization

/// Where the tasks of one container's activities report back to the container's loop, which
/// takes everything that arrived in one go: one wake-up of the loop per batch of results.
final class ContainerMailbox: Sendable {
    /// What arrives.
    enum Message: Sendable {
        /// An attempt's executor returned.
        case attemptEnded(node: Int, outcome: ActivityOutcome, cancellation: ActivityError?, wasCancelled: Bool)
        /// The retry interval after a failed attempt passed (or was cut short by cancellation).
        case retryDue(node: Int, cancelled: Bool)
    }

    private struct State {
        var messages: [Message] = []
        var waiter: CheckedContinuation<[Message], Never>?
    }

    private let state = Mutex(State())

    func post(_ message: Message) {
        let waiter = state.withLock { state -> CheckedContinuation<[Message], Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.messages.append(message)
            return nil
        }
        waiter?.resume(returning: [message])
    }

    /// Everything posted since the last call; waits when there is nothing yet. Runs on the
    /// caller's executor, so the container loop never leaves the engine thread to wait.
    nonisolated(nonsending) func receive() async -> [Message] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Message]? in
                guard !state.messages.isEmpty else {
                    state.waiter = continuation
                    return nil
                }
                let messages = state.messages
                state.messages.removeAll(keepingCapacity: true)
                return messages
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// The tasks a container has in flight (attempts and retry waits), so that cancelling the
/// container's task cancels them; they are unstructured so that a timeout can cancel one attempt.
final class InFlightTasks: Sendable {
    private struct State {
        var tasks: [Int: Task<Void, Never>] = [:]
        var cancelled = false
    }

    private let state = Mutex(State())

    func add(_ node: Int, _ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state in
            state.tasks[node] = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func remove(_ node: Int) {
        _ = state.withLock { $0.tasks.removeValue(forKey: node) }
    }

    func cancelAll() {
        let tasks = state.withLock { state in
            state.cancelled = true
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
    }
}
