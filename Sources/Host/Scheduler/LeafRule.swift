import PipelineModel

extension RunScheduler {
    /// The container's status by ADF's leaf rule: evaluate every leaf (an activity nothing depends
    /// on); for a skipped leaf evaluate its upstream activities instead, all of them, recursively.
    /// The container succeeded iff every evaluated activity succeeded. An inactive activity counts
    /// as its `onInactiveMarkAs`. Any cancelled activity makes the container cancelled.
    public func outcome() -> ContainerOutcome {
        var evaluated = [Bool](repeating: false, count: states.count)
        var failed: [Int] = []
        var work: [Int] = []
        for node in states.indices {
            switch states[node] {
            case .finished(.cancelled), .pending, .queued, .running:
                return .cancelled
            default:
                break
            }
            if graph.downstream[node].isEmpty { work.append(node) }
        }
        while let node = work.popLast() {
            guard !evaluated[node] else { continue }
            evaluated[node] = true
            switch status(of: node)?.dependencyOutcome {
            case .succeeded?:
                continue
            case .failed?:
                failed.append(node)
            case .skipped?:
                for dependency in graph.nodes[node].dependencies { work.append(dependency.upstream) }
            case nil:
                return .cancelled
            }
        }
        return failed.isEmpty ? .succeeded : .failed(failedNodes: failed.sorted())
    }
}
