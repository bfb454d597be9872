import PipehostJSON
import PipelineModel

/// `Wait`: waits `waitTimeInSeconds`, honouring cancellation.
public struct WaitActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Wait", "Waits a number of seconds")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        let value = invocation.property("waitTimeInSeconds")
        let seconds = value?.integerValue ?? value?.stringValue.flatMap { Int64($0) }
        guard let seconds, seconds >= 0 else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.invalidWaitTime,
                message: "waitTimeInSeconds of Wait '\(invocation.activityName)' must be a whole number of seconds, zero or more; it is \(value?.abbreviatedDescription ?? "missing")."))
        }
        do {
            try await control.sleep(seconds: seconds)
        } catch {
            return .cancelled
        }
        return .succeeded(output: .object([:]))
    }
}
