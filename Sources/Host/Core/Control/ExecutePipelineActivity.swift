import PipehostJSON
import PipelineModel

/// `ExecutePipeline`: runs another pipeline of the factory with `parameters`; with
/// `waitOnCompletion` (default false, as in ADF) it waits and fails when the child fails.
/// Output: `{"pipelineName", "pipelineRunId", "pipelineReturnValue"}`.
public struct ExecutePipelineActivity: ControlActivityExecutor {
    public let descriptor = builtIn("ExecutePipeline", "Runs another pipeline of the factory")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard let name = invocation.property("pipeline")?[caseInsensitive: "referenceName"]?.stringValue else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.missingPipelineReference,
                message: "ExecutePipeline '\(invocation.activityName)' has no pipeline.referenceName."))
        }
        let parameters = invocation.property("parameters")?.objectValue ?? [:]
        let wait = invocation.property("waitOnCompletion")?.boolValue
            ?? (invocation.property("waitOnCompletion")?.stringValue?.lowercased() == "true")
        let child = await control.runPipeline(named: name, parameters: parameters, waitOnCompletion: wait)
        var output: JSONObject = ["pipelineName": .string(child.pipelineName), "pipelineRunId": .string(child.runId)]
        if let returnValue = child.returnValue { output["pipelineReturnValue"] = .object(returnValue) }
        if child.runId.isEmpty, let error = child.error { return .failed(error) }
        switch child.status {
        case nil, .succeeded?:
            return .succeeded(output: .object(output))
        case .cancelled?:
            return .cancelled
        default:
            let inner = child.error ?? ActivityError(
                errorCode: ActivityErrorCode.childPipelineFailed, message: "the pipeline failed")
            return .failed(ActivityError(
                errorCode: inner.errorCode,
                message: "Activity \(child.failedActivity ?? child.pipelineName) failed: \(inner.message)",
                failureType: inner.failureType, details: inner.details))
        }
    }
}
