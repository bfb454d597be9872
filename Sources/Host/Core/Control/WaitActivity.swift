import PipehostJSON
import PipelineModel

/// `Wait`: waits `waitTimeInSeconds`, honouring cancellation.
public struct WaitActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Wait", "Waits a number of seconds")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        let seconds: Int64
        switch ControlActivitySettings.waitTimeInSeconds.read(invocation.property("waitTimeInSeconds") ?? .null) {
        case .success(let value): seconds = value
        case .failure(let problem): return .failed(ActivityError(invalidSetting: problem, of: invocation.activityName))
        }
        do {
            try await control.sleep(seconds: seconds)
        } catch {
            return .cancelled
        }
        return .succeeded(output: .object([:]))
    }
}
