import PipehostJSON
import PipelineModel

/// `Switch`: runs the activities of the case whose value equals `on`, or `defaultActivities`.
public struct SwitchActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Switch", "Runs the activity list of the matching case")
    public let deferredProperties: Set<String> = ["cases", "defaultActivities"]

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard let on = invocation.property("on"), on.stringValue != nil || on.integerValue != nil else {
            let found = invocation.property("on")?.abbreviatedDescription ?? "nothing"
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.invalidExpressionResult,
                message: "The 'on' expression of Switch '\(invocation.activityName)' must evaluate to a string; it evaluated to \(found)."))
        }
        let value = Activity.switchCaseText(on)
        let container = control.activity.containers.first { $0.caseValue == value }
            ?? control.activity.container("defaultActivities")
        guard let container, !container.activities.isEmpty else { return .succeeded(output: .object([:])) }
        let label = container.caseValue.map { "\(invocation.activityName)(\($0))" } ?? "\(invocation.activityName)(default)"
        let result = await control.runActivities(container, label: label)
        switch result.status {
        case .succeeded: return .succeeded(output: .object([:]))
        case .failed: return .failed(result.innerFailure)
        case .cancelled: return .cancelled
        }
    }
}
