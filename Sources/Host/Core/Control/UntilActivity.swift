import PipehostJSON
import PipelineModel

/// `Until`: runs its activities, then evaluates `expression`, until it is true or `timeout`
/// (default seven days, at most 90) expires. An inner failure does not stop the loop (as in ADF);
/// the Until ends with the status of its last iteration. On timeout the running iteration is
/// cancelled and the Until fails.
public struct UntilActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Until", "Repeats activities until a condition is true or a timeout expires")
    public let deferredProperties: Set<String> = ["activities", "expression"]

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        let name = invocation.activityName
        let timeout: TimeSpan
        switch invocation.property("timeout").map(ControlActivitySettings.untilTimeout.read) ?? .success(ControlActivitySettings.defaultUntilTimeout) {
        case .success(let span): timeout = span
        case .failure(let problem): return .failed(ActivityError(invalidSetting: problem, of: name))
        }
        guard let expression = control.activity.typeProperties[caseInsensitive: "expression"] else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.missingExpression, message: "Until '\(name)' has no expression."))
        }
        let nested = control.nested(control.activity.container("activities") ?? ActivityContainer(
            key: "activities", activities: [], location: control.activity.location))
        let timeoutError = ActivityError(
            errorCode: ActivityErrorCode.untilTimedOut,
            message: "Until '\(name)' timed out after \(timeout) before its expression became true; the running iteration was cancelled.")
        let cause = CancellationCause()
        let startIteration = (control.finishedIterations().keys.max() ?? -1) + 1
        let loopKey = control.loopKey

        let loop: @Sendable () async -> ActivityOutcome = {
            var iteration = startIteration
            while true {
                let result = await control.runActivities(nested, label: "\(name)[\(iteration)]")
                if result.status == .cancelled || Task.isCancelled { return .cancelled }
                await control.recordIterationFinished(iteration, succeeded: result.status == .succeeded, loopKey: loopKey)
                let done: JSONValue
                do throws(ActivityError) {
                    done = try await control.evaluate(expression, path: "expression")
                } catch {
                    return .failed(error)
                }
                guard case .bool(let finished) = done else {
                    return .failed(ActivityError(
                        errorCode: ActivityErrorCode.invalidExpressionResult,
                        message: "The expression of Until '\(name)' must evaluate to true or false; it evaluated to \(done.abbreviatedDescription)."))
                }
                if finished {
                    return result.status == .failed ? .failed(result.innerFailure) : .succeeded(output: .object([:]))
                }
                iteration += 1
            }
        }

        return await withTaskGroup(of: ActivityOutcome?.self) { group in
            group.addTask { await CancellationCause.$current.withValue(cause) { await loop() } }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout.duration)
                } catch {
                    return nil
                }
                cause.set(timeoutError)
                return nil
            }
            var outcome: ActivityOutcome = .cancelled
            while let next = await group.next() {
                if let next {
                    outcome = next
                    group.cancelAll()
                } else if cause.ownError != nil {
                    group.cancelAll()
                }
            }
            if cause.ownError != nil, case .cancelled = outcome { return .failed(timeoutError) }
            return outcome
        }
    }
}
