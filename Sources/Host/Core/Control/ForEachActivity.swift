import PipehostJSON
import PipelineModel

/// `ForEach`: runs its activities once per item of `items`, `batchCount` (default 20, at most 50)
/// at a time, or one at a time with `isSequential`. Every iteration runs even when some fail; the
/// ForEach fails if any did.
public struct ForEachActivity: ControlActivityExecutor {
    public let descriptor = builtIn("ForEach", "Runs activities once per item, in parallel batches or sequentially")
    public let deferredProperties: Set<String> = ["activities"]

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard case .array(let items)? = invocation.property("items") else {
            let found = invocation.property("items")?.abbreviatedDescription ?? "nothing"
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.invalidExpressionResult,
                message: "The items of ForEach '\(invocation.activityName)' must evaluate to an array; they evaluated to \(found)."))
        }
        let sequential: Bool
        switch invocation.property("isSequential") {
        case .bool(let flag)?: sequential = flag
        case .string(let text)?: sequential = text.lowercased() == "true"
        default: sequential = false
        }
        var batchCount = ControlActivitySettings.defaultBatchCount
        if let value = invocation.property("batchCount") {
            switch ControlActivitySettings.batchCount.read(value) {
            case .success(let count): batchCount = Int(count)
            case .failure(let problem): return .failed(ActivityError(invalidSetting: problem, of: invocation.activityName))
            }
        }
        let width = sequential ? 1 : batchCount
        guard let container = control.activity.container("activities") else { return .succeeded(output: .object([:])) }

        let done = control.finishedIterations()
        var failures: [Int: ContainerRunResult] = [:]
        for (index, succeeded) in done where !succeeded {
            failures[index] = ContainerRunResult(
                status: .failed, failedActivity: "iteration \(index)",
                error: ActivityError(
                    errorCode: ActivityErrorCode.innerActivityFailed,
                    message: "the iteration failed before the run was resumed"))
        }
        let pending = items.indices.filter { done[$0] == nil }
        let name = invocation.activityName
        let nested = control.nested(container)
        let loopKey = control.loopKey
        // `width` workers each take the next pending iteration until none is left: at most
        // `width` iterations run at once, as with ADF's batchCount, without a task per item.
        let cursor = IterationCursor(count: pending.count)
        var cancelled = false
        await withTaskGroup(of: IterationTally.self) { group in
            for _ in 0..<min(width, pending.count) {
                group.addTask {
                    await Self.runIterations(
                        taking: cursor, of: pending, items: items, nested: nested, name: name, loopKey: loopKey, control: control)
                }
            }
            for await tally in group {
                failures.merge(tally.failures) { first, _ in first }
                cancelled = cancelled || tally.cancelled
            }
        }
        if cancelled || Task.isCancelled { return .cancelled }
        if let first = failures.keys.min(), let failure = failures[first] { return .failed(failure.innerFailure) }
        return .succeeded(output: .object([:]))
    }
}
