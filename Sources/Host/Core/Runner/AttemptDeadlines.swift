import Synchronization

/// The timeouts of every attempt in flight, watched by one timer task: an attempt registers its
/// deadline and its task, and when the deadline passes first the task is cancelled (a plugin's
/// `cancel` is called) and the attempt is marked as timed out. One heap and one sleeping task
/// instead of a timer per attempt.
final class AttemptDeadlines: Sendable {
    typealias Instant = ContinuousClock.Instant

    private struct Entry {
        var deadline: Instant
        var id: UInt64
    }

    private struct State {
        /// A min-heap by deadline; entries of finished attempts are dropped when they surface.
        var heap: [Entry] = []
        var live: [UInt64: Task<Void, Never>] = [:]
        var timedOut: Set<UInt64> = []
        var nextId: UInt64 = 0
        var watcher: Task<Void, Never>?
        /// Which watcher is current; a replaced one stops when it wakes.
        var generation: UInt64 = 0
        /// When the watcher will wake next.
        var watcherWakes: Instant?
    }

    private let state = Mutex(State())

    init() {}

    /// Watches `task` until `deadline`; returns the id to pass to `finish`.
    func register(_ task: Task<Void, Never>, deadline: Instant) -> UInt64 {
        state.withLock { state in
            let id = state.nextId
            state.nextId += 1
            state.live[id] = task
            Self.push(Entry(deadline: deadline, id: id), into: &state.heap)
            if state.watcherWakes.map({ deadline < $0 }) ?? true {
                state.watcher?.cancel()
                state.generation += 1
                let generation = state.generation
                state.watcherWakes = deadline
                state.watcher = Task { [weak self] in await self?.watch(until: deadline, generation: generation) }
            }
            return id
        }
    }

    /// Stops watching an attempt; `true` when its deadline passed first.
    func finish(_ id: UInt64) -> Bool {
        state.withLock { state in
            state.live[id] = nil
            if state.live.isEmpty {
                state.watcher?.cancel()
                state.watcher = nil
                state.watcherWakes = nil
                state.heap.removeAll(keepingCapacity: true)
            }
            return state.timedOut.remove(id) != nil
        }
    }

    private func watch(until first: Instant, generation: UInt64) async {
        var wake = first
        while true {
            do {
                try await Task.sleep(until: wake, clock: .continuous)
            } catch {
                return  // replaced by a watcher with an earlier deadline, or nothing left to watch
            }
            let next: Instant? = state.withLock { state in
                guard state.generation == generation else { return nil }
                let now = ContinuousClock.now
                while let top = state.heap.first, top.deadline <= now {
                    Self.popFirst(from: &state.heap)
                    if let task = state.live[top.id] {
                        state.timedOut.insert(top.id)
                        task.cancel()
                    }
                }
                while let top = state.heap.first, state.live[top.id] == nil { Self.popFirst(from: &state.heap) }
                state.watcherWakes = state.heap.first?.deadline
                if state.watcherWakes == nil { state.watcher = nil }
                return state.watcherWakes
            }
            guard let next else { return }
            wake = next
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

    private static func popFirst(from heap: inout [Entry]) {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
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
