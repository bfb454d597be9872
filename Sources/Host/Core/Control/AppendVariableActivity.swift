import PipehostJSON
import PipelineModel

/// `AppendVariable`: appends a value to an Array variable.
public struct AppendVariableActivity: ControlActivityExecutor {
    public let descriptor = builtIn("AppendVariable", "Appends a value to an array variable")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard let name = invocation.property("variableName")?.stringValue else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.missingVariableName,
                message: "AppendVariable '\(invocation.activityName)' has no variableName."))
        }
        do throws(ActivityError) {
            try await control.appendVariable(name, value: invocation.property("value") ?? .null)
        } catch {
            return .failed(error)
        }
        return .succeeded(output: .object([:]))
    }
}
