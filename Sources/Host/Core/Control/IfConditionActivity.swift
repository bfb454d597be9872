import PipehostJSON
import PipelineModel

/// `IfCondition`: runs `ifTrueActivities` or `ifFalseActivities` by a boolean expression.
public struct IfConditionActivity: ControlActivityExecutor {
    public let descriptor = builtIn("IfCondition", "Runs one of two activity lists by a condition")
    public let deferredProperties: Set<String> = ["ifTrueActivities", "ifFalseActivities"]

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard case .bool(let condition)? = invocation.property("expression") else {
            let found = invocation.property("expression")?.abbreviatedDescription ?? "nothing"
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.invalidExpressionResult,
                message: "The expression of IfCondition '\(invocation.activityName)' must evaluate to true or false; it evaluated to \(found)."))
        }
        let key = condition ? "ifTrueActivities" : "ifFalseActivities"
        guard let container = control.activity.container(key), !container.activities.isEmpty else {
            return .succeeded(output: .object([:]))
        }
        let result = await control.runActivities(container, label: "\(invocation.activityName)(\(condition))")
        switch result.status {
        case .succeeded: return .succeeded(output: .object([:]))
        case .failed: return .failed(result.innerFailure)
        case .cancelled: return .cancelled
        }
    }
}
