import PipehostJSON
import PipelineModel

/// `SetVariable`: sets a pipeline variable, or with `setSystemVariable` the pipeline's return value
/// (`variableName: "pipelineReturnValue"`, `value: [{"key", "value": {"type", "content"}}]`).
public struct SetVariableActivity: ControlActivityExecutor {
    public let descriptor = builtIn("SetVariable", "Sets a pipeline variable or the pipeline return value")

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        guard let name = invocation.property("variableName")?.stringValue else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.missingVariableName,
                message: "SetVariable '\(invocation.activityName)' has no variableName."))
        }
        let value = invocation.property("value") ?? .null
        let isSystem = invocation.property("setSystemVariable")?.boolValue
            ?? (invocation.property("setSystemVariable")?.stringValue?.lowercased() == "true")
        if isSystem {
            guard name == "pipelineReturnValue" else {
                return .failed(ActivityError(
                    errorCode: ActivityErrorCode.invalidSystemVariable,
                    message: "SetVariable '\(invocation.activityName)' can only set the system variable 'pipelineReturnValue', not '\(name)'."))
            }
            guard case .array(let entries) = value else {
                return .failed(ActivityError(
                    errorCode: ActivityErrorCode.invalidReturnValue,
                    message: "The value of pipelineReturnValue must be an array of {\"key\", \"value\": {\"type\", \"content\"}}."))
            }
            var returnValue = JSONObject()
            for entry in entries {
                guard let key = entry[caseInsensitive: "key"]?.stringValue else { continue }
                let content = entry[caseInsensitive: "value"]
                let type = content?[caseInsensitive: "type"]?.stringValue?.lowercased()
                returnValue[key] = type == "null" ? .null : (content?[caseInsensitive: "content"] ?? .null)
            }
            do throws(ActivityError) {
                try PipelineRun.requireStorableDepth(.object(returnValue), variable: name, activity: invocation.activityName)
            } catch {
                return .failed(error)
            }
            await control.setPipelineReturnValue(returnValue)
            return .succeeded(output: ["name": .string(name), "value": .object(returnValue)])
        }
        do throws(ActivityError) {
            try await control.setVariable(name, to: value)
        } catch {
            return .failed(error)
        }
        return .succeeded(output: ["name": .string(name), "value": value])
    }
}

