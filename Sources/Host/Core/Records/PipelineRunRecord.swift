import Foundation
import PipehostJSON

/// One pipeline run in ADF's shape (`PipelineRun` of the REST API).
public struct PipelineRunRecord: Sendable, Equatable {
    /// Who started the run: `Manual`, or the parent pipeline of an ExecutePipeline activity.
    public struct InvokedBy: Sendable, Equatable {
        public var id: String
        public var name: String
        public var invokedByType: String
        public var pipelineName: String?
        public var pipelineRunId: String?

        public init(id: String, name: String, invokedByType: String, pipelineName: String? = nil, pipelineRunId: String? = nil) {
            self.id = id
            self.name = name
            self.invokedByType = invokedByType
            self.pipelineName = pipelineName
            self.pipelineRunId = pipelineRunId
        }

        public var json: JSONValue {
            var object: JSONObject = [
                "id": .string(id), "name": .string(name), "invokedByType": .string(invokedByType),
            ]
            if let pipelineName { object["pipelineName"] = .string(pipelineName) }
            if let pipelineRunId { object["pipelineRunId"] = .string(pipelineRunId) }
            return .object(object)
        }
    }

    public var runId: String
    public var runGroupId: String
    public var pipelineName: String
    /// Parameter values in the record form: strings, with non-strings as their JSON text, and
    /// secure values as `***`.
    public var parameters: JSONObject
    public var invokedBy: InvokedBy
    public var runStart: Date?
    public var runEnd: Date?
    public var status: PipelineRunStatus
    /// Empty unless the run failed or was cancelled: `Operation on target <activity> failed: <message>`.
    public var message: String
    public var annotations: [JSONValue]
    /// pipehost's addition: the final values of the pipeline's variables (scrubbed).
    public var variables: JSONObject
    /// pipehost's addition: the pipeline return value set with `pipelineReturnValue`, if any.
    public var pipelineReturnValue: JSONObject?

    public init(
        runId: String, runGroupId: String, pipelineName: String, parameters: JSONObject, invokedBy: InvokedBy,
        runStart: Date? = nil, runEnd: Date? = nil, status: PipelineRunStatus, message: String = "",
        annotations: [JSONValue] = [], variables: JSONObject = [:], pipelineReturnValue: JSONObject? = nil
    ) {
        self.runId = runId
        self.runGroupId = runGroupId
        self.pipelineName = pipelineName
        self.parameters = parameters
        self.invokedBy = invokedBy
        self.runStart = runStart
        self.runEnd = runEnd
        self.status = status
        self.message = message
        self.annotations = annotations
        self.variables = variables
        self.pipelineReturnValue = pipelineReturnValue
    }

    public var durationInMs: Int64? {
        guard let runStart, let runEnd else { return nil }
        return RunTimestamp.milliseconds(from: runStart, to: runEnd)
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "runId": .string(runId),
            "runGroupId": .string(runGroupId),
            "isLatest": true,
            "pipelineName": .string(pipelineName),
            "parameters": .object(parameters),
            "invokedBy": invokedBy.json,
            "runStart": runStart.map { .string(RunTimestamp.format($0)) } ?? .null,
            "runEnd": runEnd.map { .string(RunTimestamp.format($0)) } ?? .null,
            "durationInMs": durationInMs.map(JSONValue.integer) ?? .null,
            "status": .string(status.rawValue),
            "message": .string(message),
            "lastUpdated": (runEnd ?? runStart).map { .string(RunTimestamp.format($0)) } ?? .null,
            "annotations": .array(annotations),
            "variables": .object(variables),
        ]
        if let pipelineReturnValue { object["pipelineReturnValue"] = .object(pipelineReturnValue) }
        return .object(object)
    }

    /// A parameter value in the record form ADF shows: strings as they are, everything else as
    /// compact JSON text (`"[\"exampleoutput.csv\"]"`).
    public static func recordForm(_ value: JSONValue) -> JSONValue {
        if case .string = value { return value }
        return .string(JSONSerializer.serialize(value))
    }
}
