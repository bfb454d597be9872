import PipelineModel

/// The run-state machine of one container of activities: pending → ready → running → done.
///
/// Pure and synchronous: no clock, no I/O, no concurrency. The runner asks `nextReady()` for work,
/// executes it, and reports each result with `complete(_:as:)`; skips and inactive marks resolve
/// inside, cascading down the graph. Every operation costs O(edges touched).
public struct RunScheduler: Sendable {
    /// Where one node stands.
    public enum NodeState: Sendable, Hashable {
        /// Waiting for `remaining` upstream dependency entries to finish.
        case pending(remaining: Int)
        /// Dependencies finished; handed out by the next `nextReady()`.
        case queued
        /// Handed out for execution; waiting for `complete`.
        case running
        case finished(NodeStatus)
    }

    public let graph: DependencyGraph
    public private(set) var states: [NodeState]
    private var steps: [ScheduledStep] = []
    /// The other half of a double buffer, so that handing out steps allocates nothing.
    private var spareSteps: [ScheduledStep] = []
    private var runningCount = 0
    private var finishedCount = 0
    /// Reused by `propagate` so that completing a node allocates nothing in the common case.
    private var workBuffer: [Int] = []

    /// A fresh run: nodes without dependencies are queued at once.
    public init(graph: DependencyGraph) {
        self.graph = graph
        self.states = graph.nodes.map { .pending(remaining: $0.dependencies.count) }
        for node in graph.nodes.indices where graph.nodes[node].dependencies.isEmpty {
            if let settled = resolve(node) { propagate(from: settled) }
        }
    }

    /// A resumed run: nodes with a recorded final status keep it, everything else starts over as
    /// if those statuses had just been reported. Recorded `cancelled` statuses are ignored, so a
    /// node that was running or cancelled when the run stopped runs again.
    public init(graph: DependencyGraph, restoring finished: [Int: NodeStatus]) {
        self.graph = graph
        self.states = graph.nodes.map { .pending(remaining: $0.dependencies.count) }
        for node in Self.topologicalOrder(graph) {
            guard let status = finished[node], status != .cancelled else { continue }
            states[node] = .finished(status)
            finishedCount += 1
            for next in graph.downstream[node] {
                if case .pending(let remaining) = states[next] { states[next] = .pending(remaining: remaining - 1) }
            }
        }
        for node in graph.nodes.indices {
            if case .pending(let remaining) = states[node], remaining == 0, let settled = resolve(node) {
                propagate(from: settled)
            }
        }
    }

    // MARK: Driving

    /// Every step that became possible since the last call, in the order they became possible.
    /// Nodes to execute are now `running`.
    public mutating func nextReady() -> [ScheduledStep] {
        guard !steps.isEmpty else { return [] }
        var handedOut = spareSteps
        handedOut.removeAll(keepingCapacity: true)
        swap(&handedOut, &steps)
        for step in handedOut {
            if case .execute(let node) = step {
                states[node] = .running
                runningCount += 1
            }
        }
        spareSteps = handedOut
        return handedOut
    }

    /// Reports the final status of a running node; its dependents are evaluated and may become
    /// ready, skipped or marked inactive.
    public mutating func complete(_ node: Int, as status: NodeStatus) {
        guard case .running = states[node] else {
            preconditionFailure("complete(\(node)) for a node that is not running: \(states[node])")
        }
        runningCount -= 1
        states[node] = .finished(status)
        finishedCount += 1
        propagate(from: node)
    }

    /// Stops the run: queued steps are dropped and their nodes, like every pending one, will not
    /// run. Running nodes still report through `complete`.
    public mutating func cancelUnstarted() {
        steps.removeAll()
        for node in states.indices {
            switch states[node] {
            case .pending, .queued:
                states[node] = .finished(.cancelled)
                finishedCount += 1
            default: continue
            }
        }
    }

    // MARK: Questions

    /// Nothing queued and nothing running: the container is done (after a cancellation, some
    /// nodes may never have run).
    public var isFinished: Bool { steps.isEmpty && runningCount == 0 }

    /// How many nodes are running.
    public var running: Int { runningCount }

    /// How many nodes have a final status.
    public var finished: Int { finishedCount }

    /// The final status of a node, if it has one.
    public func status(of node: Int) -> NodeStatus? {
        if case .finished(let status) = states[node] { return status }
        return nil
    }

    // MARK: Internals

    /// Tells the dependents of a finished node; those that settle without running (skipped,
    /// inactive) tell theirs in turn. Iterative, so a long chain of skips cannot overflow the stack.
    private mutating func propagate(from start: Int) {
        var work = workBuffer
        workBuffer = []
        work.removeAll(keepingCapacity: true)
        work.append(start)
        var cursor = 0
        while cursor < work.count {
            let node = work[cursor]
            cursor += 1
            // A cancelled node's dependents never run; they stay pending.
            guard case .finished(let status) = states[node], status.dependencyOutcome != nil else { continue }
            for next in graph.downstream[node] {
                guard case .pending(let remaining) = states[next] else { continue }
                states[next] = .pending(remaining: remaining - 1)
                if remaining == 1, let settled = resolve(next) { work.append(settled) }
            }
        }
        workBuffer = work
    }

    /// All dependencies of `node` have finished: decide whether it runs, is skipped, or is marked
    /// inactive. Returns the node when it settled without running, so its dependents can be told.
    private mutating func resolve(_ node: Int) -> Int? {
        let definition = graph.nodes[node]
        var met = true
        for dependency in definition.dependencies {
            guard case .finished(let upstream) = states[dependency.upstream],
                let outcome = upstream.dependencyOutcome
            else { return nil }  // a cancelled upstream: never resolves
            if !dependency.isMet(by: outcome) {
                met = false
                break
            }
        }
        if !met {
            states[node] = .finished(.skipped)
            finishedCount += 1
            steps.append(.skip(node))
            return node
        }
        if let mark = definition.inactiveMark {
            states[node] = .finished(.inactive(markedAs: mark))
            finishedCount += 1
            steps.append(.markInactive(node, as: mark))
            return node
        }
        states[node] = .queued
        steps.append(.execute(node))
        return nil
    }

    private static func topologicalOrder(_ graph: DependencyGraph) -> [Int] {
        var remaining = graph.nodes.map(\.dependencies.count)
        var queue = remaining.indices.filter { remaining[$0] == 0 }.reversed().map { $0 }
        var order: [Int] = []
        order.reserveCapacity(graph.nodes.count)
        while let node = queue.popLast() {
            order.append(node)
            for next in graph.downstream[node] {
                remaining[next] -= 1
                if remaining[next] == 0 { queue.append(next) }
            }
        }
        return order
    }
}
