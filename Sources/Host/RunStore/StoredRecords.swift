import Foundation
import GRDB
import HostCore
import PipehostJSON

/// Reading records back from rows, and the JSON text of values for columns.
enum StoredRecords {
    static func text(_ value: JSONValue) -> String { JSONSerializer.serialize(value) }

    static func text(_ object: JSONObject) -> String { JSONSerializer.serialize(.object(object)) }

    static func seconds(_ date: Date?) -> Double? { date?.timeIntervalSince1970 }

    static func date(_ seconds: Double?) -> Date? { seconds.map { Date(timeIntervalSince1970: $0) } }

    static func parse(_ text: String?, runId: String, column: String) throws(RunStoreError) -> JSONValue {
        guard let text else { return .null }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw .corruptRecord(runId: runId, column: column, reason: "\(error)")
        }
    }

    static func errorJSON(_ error: ActivityError?) -> String? {
        guard let error else { return nil }
        var object: JSONObject = [
            "errorCode": .string(error.errorCode), "message": .string(error.message),
            "failureType": .string(error.failureType.rawValue),
        ]
        if let details = error.details { object["details"] = details }
        return text(object)
    }

    static func activityError(_ value: JSONValue) -> ActivityError? {
        guard case .object(let object) = value else { return nil }
        return ActivityError(
            errorCode: object["errorCode"]?.stringValue ?? "", message: object["message"]?.stringValue ?? "",
            failureType: object["failureType"]?.stringValue.flatMap(ActivityError.FailureType.init(rawValue:)) ?? .userError,
            details: object["details"])
    }

    static func pipelineRun(_ row: Row) throws(RunStoreError) -> PipelineRunRecord {
        let runId: String = row["run_id"]
        let invoked = try parse(row["invoked_by_json"], runId: runId, column: "invokedBy")
        let invokedBy = PipelineRunRecord.InvokedBy(
            id: invoked["id"]?.stringValue ?? "", name: invoked["name"]?.stringValue ?? "",
            invokedByType: invoked["invokedByType"]?.stringValue ?? "", pipelineName: invoked["pipelineName"]?.stringValue,
            pipelineRunId: invoked["pipelineRunId"]?.stringValue)
        let statusText: String = row["status"]
        return PipelineRunRecord(
            runId: runId, runGroupId: row["run_group_id"], pipelineName: row["pipeline_name"],
            parameters: try parse(row["parameters_json"], runId: runId, column: "parameters").objectValue ?? [:],
            invokedBy: invokedBy, runStart: date(row["run_start"]), runEnd: date(row["run_end"]),
            status: PipelineRunStatus(rawValue: statusText) ?? .failed, message: row["message"],
            annotations: try parse(row["annotations_json"], runId: runId, column: "annotations").arrayValue ?? [],
            variables: try parse(row["variables_json"], runId: runId, column: "variables").objectValue ?? [:],
            pipelineReturnValue: try parse(row["return_value_json"], runId: runId, column: "pipelineReturnValue").objectValue)
    }

    static func activityRun(_ row: Row) throws(RunStoreError) -> ActivityRunRecord {
        let runId: String = row["pipeline_run_id"]
        let statusText: String = row["status"]
        let retry: Int64? = row["retry_attempt"]
        return ActivityRunRecord(
            pipelineName: row["pipeline_name"], pipelineRunId: runId, activityName: row["activity_name"],
            activityType: row["activity_type"], activityRunId: row["activity_run_id"],
            linkedServiceName: row["linked_service_name"], status: ActivityRunStatus(rawValue: statusText) ?? .failed,
            activityRunStart: date(row["run_start"]), activityRunEnd: date(row["run_end"]),
            input: try parse(row["input_json"], runId: runId, column: "input"),
            output: try parse(row["output_json"], runId: runId, column: "output"),
            error: activityError(try parse(row["error_json"], runId: runId, column: "error")),
            retryAttempt: retry.map { Int($0) },
            userProperties: try parse(row["user_properties_json"], runId: runId, column: "userProperties").objectValue ?? [:],
            scope: row["scope"])
    }
}
