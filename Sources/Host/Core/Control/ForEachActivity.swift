import PipehostJSON
import PipelineModel

/// `ForEach`: runs its activities once per item of `items`, `batchCount` (default 20, at most 50)
/// at a time, or one at a time with `isSequential`. Every iteration runs even when some fail; the
/// ForEach fails if any did.
public struct ForEachActivity: ControlActivityExecutor {
    public let descriptor = builtIn("ForEach", "Runs activities once per item, in parallel batches or sequentially")
    public let deferredProperties: Set<String> = ["activities"]
    public static let defaultBatchCount = 20
    public static let maximumBatchCount = 50

    public init() {}

    public func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard case .array(let items)? = invocation.property("items") else {
            let found = invocation.property("items")?.abbreviatedDescription ?? "nothing"
            return .failed(ActivityError(
                errorCode: "InvalidExpressionResult",
                message: "The items of ForEach '\(invocation.activityName)' must evaluate to an array; they evaluated to \(found)."))
        }
        let sequential: Bool
        switch invocation.property("isSequential") {
        case .bool(let flag)?: sequential = flag
        case .string(let text)?: sequential = text.lowercased() == "true"
        default: sequential = false
        }
        let batchCount = invocation.property("batchCount")?.integerValue.map { Int(clamping: $0) } ?? Self.defaultBatchCount
        let width = sequential ? 1 : min(max(1, batchCount), Self.maximumBatchCount)
        guard let container = control.activity.container("activities") else { return .succeeded(output: .object([:])) }

        let done = control.finishedIterations()
        var failures: [Int: ContainerRunResult] = [:]
        for (index, succeeded) in done where !succeeded {
            failures[index] = ContainerRunResult(
                status: .failed, failedActivity: "iteration \(index)",
                error: ActivityError(errorCode: "InnerActivityFailed", message: "the iteration failed before the run was resumed"))
        }
        let pending = items.indices.filter { done[$0] == nil }
        let name = invocation.activityName
        let nested = control.nested(container)
        let loopKey = control.loopKey
        var cancelled = false
        await withTaskGroup(of: (Int, ContainerRunResult).self) { group in
            var next = 0
            func startNext() {
                guard next < pending.count else { return }
                let index = pending[next]
                next += 1
                group.addTask {
                    (index, await control.runActivities(nested, label: "\(name)[\(index)]", item: items[index]))
                }
            }
            for _ in 0..<min(width, pending.count) { startNext() }
            while let (index, result) = await group.next() {
                // A cancelled iteration did not finish: a resumed run repeats it.
                if result.status != .cancelled {
                    await control.recordIterationFinished(index, succeeded: result.status == .succeeded, loopKey: loopKey)
                }
                switch result.status {
                case .succeeded: break
                case .failed: failures[index] = result
                case .cancelled: cancelled = true
                }
                if !Task.isCancelled { startNext() }
            }
        }
        if cancelled || Task.isCancelled { return .cancelled }
        if let first = failures.keys.min(), let failure = failures[first] { return .failed(failure.innerFailure) }
        return .succeeded(output: .object([:]))
    }
}
