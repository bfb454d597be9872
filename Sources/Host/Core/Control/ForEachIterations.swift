import PipehostJSON
import Synchronization

/// The workers of a ForEach: `batchCount` of them, each taking the next pending iteration until
/// none is left, so that a loop of any length costs one task per worker, not one per item.
extension ForEachActivity {
    /// One worker: runs the next pending iteration until none is left or the loop is cancelled.
    /// Isolated to the engine, like the runs it works for, so that each iteration costs no hop.
    @RunEngine
    static func runIterations(
        taking cursor: IterationCursor, of pending: [Int], items: [JSONValue], nested: NestedActivities, name: String,
        loopKey: String, control: ControlFlowContext
    ) async -> IterationTally {
        var tally = IterationTally()
        while !Task.isCancelled, let position = cursor.next() {
            let index = pending[position]
            let result = await control.runActivities(nested, label: "\(name)[\(index)]", item: items[index])
            // A cancelled iteration did not finish: a resumed run repeats it.
            if result.status != .cancelled {
                await control.recordIterationFinished(index, succeeded: result.status == .succeeded, loopKey: loopKey)
            }
            switch result.status {
            case .succeeded: break
            case .failed: tally.failures[index] = result
            case .cancelled: tally.cancelled = true
            }
        }
        return tally
    }
}

/// What one ForEach worker saw of the iterations it ran.
struct IterationTally: Sendable {
    var failures: [Int: ContainerRunResult] = [:]
    var cancelled = false
}

/// Hands out the positions `0..<count` once each, to whichever worker asks first.
final class IterationCursor: Sendable {
    private let taken = Atomic<Int>(0)
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        let position = taken.wrappingAdd(1, ordering: .relaxed).oldValue
        return position < count ? position : nil
    }
}
