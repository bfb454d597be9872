import Synchronization

/// The timeouts of every attempt in flight, watched by one timer task: an attempt registers its
/// deadline and its task, and when the deadline passes first the task is cancelled (a plugin's
/// `cancel` is called) and the attempt is marked as timed out. One heap and one sleeping task
/// instead of a timer per attempt; attempts that end before their deadline cost a heap entry.
final class AttemptDeadlines: Sendable {
    typealias Instant = ContinuousClock.Instant

    private struct Entry {
        var deadline: Instant
        var id: UInt64
    }

    private struct State {
        /// A min-heap by deadline; entries of finished attempts are dropped when they surface.
        var heap: [Entry] = []
        var live: [UInt64: (task: Task<Void, Never>, deadline: Instant)] = [:]
        var timedOut: Set<UInt64> = []
        var nextId: UInt64 = 0
        var watcher: Task<Void, Never>?
        /// Which watcher is current; a replaced one stops when it wakes.
        var generation: UInt64 = 0
        /// When the current watcher wakes.
        var watcherWakes: Instant?
    }

    private let state = Mutex(State())

    init() {}

    deinit {
        state.withLock { $0.watcher?.cancel() }
    }

    /// Watches `task` until `deadline`; returns the id to pass to `finish`.
    func register(_ task: Task<Void, Never>, deadline: Instant) -> UInt64 {
        state.withLock { state in
            let id = state.nextId
            state.nextId += 1
            state.live[id] = (task, deadline)
            // Entries of attempts that ended stay in the heap until they surface; rebuild it when
            // they outnumber the live ones, so a long run of overlapping attempts stays small.
            if state.heap.count > 2 * state.live.count + 64 {
                state.heap = state.live.map { Entry(deadline: $0.value.deadline, id: $0.key) }
                Self.heapify(&state.heap)
            } else {
                Self.push(Entry(deadline: deadline, id: id), into: &state.heap)
            }
            // A watcher that wakes no later than this deadline will find it; only an earlier
            // deadline needs a new watcher (attempts with equal timeouts never do).
            if state.watcherWakes.map({ deadline < $0 }) ?? true {
                state.watcher?.cancel()
                state.generation += 1
                state.watcherWakes = deadline
                state.watcher = Self.startWatcher(for: self, until: deadline, generation: state.generation)
            }
            return id
        }
    }

    /// Stops watching an attempt; `true` when its deadline passed first.
    func finish(_ id: UInt64) -> Bool {
        state.withLock { state in
            state.live[id] = nil
            if state.live.isEmpty { state.heap.removeAll(keepingCapacity: true) }
            return state.timedOut.remove(id) != nil
        }
    }

    /// Stops the watcher; for when nothing more will be registered.
    func close() {
        state.withLock { state in
            state.watcher?.cancel()
            state.watcher = nil
            state.watcherWakes = nil
        }
    }

    /// The watcher holds its owner only weakly while it sleeps, so an owner that is done goes away.
    private static func startWatcher(for owner: AttemptDeadlines, until first: Instant, generation: UInt64) -> Task<Void, Never> {
        Task { [weak owner] in
            var wake = first
            while true {
                do {
                    try await Task.sleep(until: wake, clock: .continuous)
                } catch {
                    return  // replaced by a watcher with an earlier deadline, or closed
                }
                guard let owner, let next = owner.expire(generation: generation) else { return }
                wake = next
            }
        }
    }

    /// Cancels every attempt whose deadline passed; returns when to wake next, or `nil` to stop.
    private func expire(generation: UInt64) -> Instant? {
        state.withLock { state in
            guard state.generation == generation else { return nil }
            let now = ContinuousClock.now
            while let top = state.heap.first, top.deadline <= now {
                Self.popFirst(from: &state.heap)
                if let entry = state.live[top.id] {
                    state.timedOut.insert(top.id)
                    entry.task.cancel()
                }
            }
            while let top = state.heap.first, state.live[top.id] == nil { Self.popFirst(from: &state.heap) }
            state.watcherWakes = state.heap.first?.deadline
            if state.watcherWakes == nil { state.watcher = nil }
            return state.watcherWakes
        }
    }

    private static func push(_ entry: Entry, into heap: inout [Entry]) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func heapify(_ heap: inout [Entry]) {
        for start in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(&heap, from: start) }
    }

    private static func popFirst(from heap: inout [Entry]) {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        siftDown(&heap, from: 0)
    }

    private static func siftDown(_ heap: inout [Entry], from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
