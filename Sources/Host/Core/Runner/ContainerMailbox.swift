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
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    /// The loop's side of a double buffer, so that taking messages allocates nothing.
    private let spare = Mutex<[Message]>([])

    func post(_ message: Message) {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.messages.append(message)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything posted since the last call; waits when there is nothing yet. Runs on the
    /// caller's executor, so the container loop never leaves the engine thread to wait.
    nonisolated(nonsending) func receive() async -> [Message] {
        if let ready = take() { return ready }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                guard state.messages.isEmpty else { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return take() ?? []
    }

    /// Gives a taken batch back once handled, to be filled again.
    func recycle(_ messages: [Message]) {
        spare.withLock { $0 = messages }
    }

    private func take() -> [Message]? {
        var buffer = spare.withLock { spare in
            var taken: [Message] = []
            swap(&taken, &spare)
            return taken
        }
        buffer.removeAll(keepingCapacity: true)
        let full = state.withLock { state -> Bool in
            guard !state.messages.isEmpty else { return false }
            swap(&buffer, &state.messages)
            return true
        }
        guard full else {
            spare.withLock { $0 = buffer }
            return nil
        }
        return buffer
    }
}

/// The tasks a container has in flight (attempts and retry waits), so that cancelling the
/// container's task cancels them; they are unstructured so that a timeout can cancel one attempt.
final class InFlightTasks: Sendable {
    private struct State {
        /// By node; at most one task per activity is in flight (an attempt or a retry wait).
        var tasks: [Task<Void, Never>?]
        var cancelled = false
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(tasks: Array(repeating: nil, count: count)))
    }

    func add(_ node: Int, _ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state in
            state.tasks[node] = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func remove(_ node: Int) {
        state.withLock { $0.tasks[node] = nil }
    }

    func cancelAll() {
        let tasks = state.withLock { state in
            state.cancelled = true
            return state.tasks.compactMap { $0 }
        }
        for task in tasks { task.cancel() }
    }
}
