import Foundation
import PipehostJSON

/// One activity run in ADF's shape (`ActivityRun` of the REST API), plus what pipehost needs to
/// resume a run. Each attempt of a retried activity is its own record, numbered by `retryAttempt`.
///
/// Records hold only scrubbed values: secrets replaced by `***`, and the placeholders of
/// `secureInput`/`secureOutput` instead of the real input/output.
public struct ActivityRunRecord: Sendable, Equatable {
    public var pipelineName: String
    public var pipelineRunId: String
    public var activityName: String
    public var activityType: String
    public var activityRunId: String
    /// The activity's own linked service (`linkedServiceName.referenceName`), or empty.
    public var linkedServiceName: String
    public var status: ActivityRunStatus
    public var activityRunStart: Date?
    public var activityRunEnd: Date?
    public var input: JSONValue
    public var output: JSONValue
    public var error: ActivityError?
    /// `nil` for the first attempt, then 1, 2, …
    public var retryAttempt: Int?
    /// `userProperties` evaluated, as an object (the record form; the definition has an array).
    public var userProperties: JSONObject
    /// Where the activity ran inside the pipeline: empty at the top level, else a path such as
    /// `ForEach1[3]/If1(true)` (pipehost's addition, used to resume runs).
    public var scope: String

    public init(
        pipelineName: String, pipelineRunId: String, activityName: String, activityType: String,
        activityRunId: String, linkedServiceName: String = "", status: ActivityRunStatus,
        activityRunStart: Date? = nil, activityRunEnd: Date? = nil, input: JSONValue = .object([:]),
        output: JSONValue = .object([:]), error: ActivityError? = nil, retryAttempt: Int? = nil,
        userProperties: JSONObject = [:], scope: String = ""
    ) {
        self.pipelineName = pipelineName
        self.pipelineRunId = pipelineRunId
        self.activityName = activityName
        self.activityType = activityType
        self.activityRunId = activityRunId
        self.linkedServiceName = linkedServiceName
        self.status = status
        self.activityRunStart = activityRunStart
        self.activityRunEnd = activityRunEnd
        self.input = input
        self.output = output
        self.error = error
        self.retryAttempt = retryAttempt
        self.userProperties = userProperties
        self.scope = scope
    }

    public var durationInMs: Int64? {
        guard let activityRunStart, let activityRunEnd else { return nil }
        return RunTimestamp.milliseconds(from: activityRunStart, to: activityRunEnd)
    }

    /// The record as ADF's REST API returns it. On success the error has empty strings and the
    /// activity name as target, as in ADF.
    public var json: JSONValue {
        let errorJSON = error?.json(target: activityName)
            ?? ["errorCode": "", "message": "", "failureType": "", "target": .string(activityName)]
        var object: JSONObject = [
            "pipelineName": .string(pipelineName),
            "pipelineRunId": .string(pipelineRunId),
            "activityName": .string(activityName),
            "activityType": .string(activityType),
            "activityRunId": .string(activityRunId),
            "linkedServiceName": .string(linkedServiceName),
            "status": .string(status.rawValue),
            "activityRunStart": activityRunStart.map { .string(RunTimestamp.format($0)) } ?? .null,
            "activityRunEnd": activityRunEnd.map { .string(RunTimestamp.format($0)) } ?? .null,
            "durationInMs": durationInMs.map(JSONValue.integer) ?? .null,
            "retryAttempt": retryAttempt.map { .integer(Int64($0)) } ?? .null,
            "input": input,
            "output": output,
            "error": errorJSON,
            "userProperties": .object(userProperties),
        ]
        if !scope.isEmpty { object["scope"] = .string(scope) }
        return .object(object)
    }
}
