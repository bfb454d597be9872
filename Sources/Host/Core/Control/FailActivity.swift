import PipehostJSON
import PipelineModel

/// `Fail`: fails with the given `errorCode` and `message`.
public struct FailActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Fail", "Fails with a custom error code and message")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let text)?: text
            case let other?: JSONSerializer.serialize(other)
            case nil: ""
            }
        }
        return .failed(ActivityError(
            errorCode: text(invocation.property("errorCode")), message: text(invocation.property("message")),
            failureType: .userError))
    }
}
