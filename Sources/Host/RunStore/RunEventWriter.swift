import Foundation
import GRDB
import HostCore
import PipehostJSON

/// Applies one `RunEvent` to the tables (inside the writer's transaction), through statements
/// compiled once per connection: compiling each statement again cost more than the write.
enum RunEventWriter {
    typealias S = StoredRecords

    static func write(_ event: RunEvent, launch: RunLaunch, owner: RunOwner, into db: Database) throws {
        switch event {
        case .runStarted(let record, let definition):
            var definitionObject: JSONObject = ["parameters": .object(definition.parameters)]
            if let parent = definition.parentRunId { definitionObject["parentRunId"] = .string(parent) }
            if let parent = definition.parentActivityRunId { definitionObject["parentActivityRunId"] = .string(parent) }
            let topLevel = definition.parentRunId == nil
            // A resumed run starts again under its id: keep where it came from.
            try db.cachedStatement(
                sql: """
                    INSERT INTO pipeline_runs (run_id, run_group_id, pipeline_name, status, run_start, run_end, message,
                        parameters_json, invoked_by_json, annotations_json, variables_json, return_value_json,
                        definition_json, parent_run_id, source, plugin_manifest, rerun_of)
                    VALUES (?, ?, ?, ?, ?, NULL, '', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
                    ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, run_end = NULL, message = ''
                    """
                ).execute(arguments: [
                    record.runId, record.runGroupId, record.pipelineName, record.status.rawValue, S.seconds(record.runStart),
                    S.text(record.parameters), S.text(record.invokedBy.json), S.text(.array(record.annotations)),
                    S.text(record.variables), S.text(definitionObject), definition.parentRunId,
                    topLevel ? launch.source : nil, topLevel ? launch.pluginManifest : nil, topLevel ? launch.rerunOf : nil,
                ])
            // The process that runs a top-level run holds its lease until the run ends.
            if topLevel { try RunStore.writeLease(runId: record.runId, owner: owner, at: Date(), in: db) }
        case .runFinished(let record):
            try db.cachedStatement(
                sql: """
                    UPDATE pipeline_runs SET status = ?, run_end = ?, message = ?, variables_json = ?, return_value_json = ?
                    WHERE run_id = ?
                    """
                ).execute(arguments: [
                    record.status.rawValue, S.seconds(record.runEnd), record.message, S.text(record.variables),
                    record.pipelineReturnValue.map(S.text), record.runId,
                ])
            try RunStore.releaseLease(record.runId, owner: owner, in: db)
        case .activityQueued(let record), .attemptStarted(let record), .attemptFinished(let record, _):
            try upsert(record, finished: false, db: db)
        case .activityFinished(let record):
            try upsert(record, finished: true, db: db)
        case .variableChanged(let runId, let name, let value):
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO run_variables (pipeline_run_id, name, value_json) VALUES (?, ?, ?)"
                ).execute(arguments: [runId, name, S.text(value)])
        case .iterationFinished(let runId, let loop, let iteration, let succeeded):
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO loop_iterations (pipeline_run_id, loop, iteration, succeeded) VALUES (?, ?, ?, ?)"
                ).execute(arguments: [runId, loop, iteration, succeeded])
        case .operationStateSaved(let runId, let activityRunId, let scope, let activityName, let state):
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO operation_states (pipeline_run_id, activity_key, activity_run_id, state)
                    VALUES (?, ?, ?, ?)
                    """
                ).execute(arguments: [runId, "\(scope)|\(activityName)", activityRunId, Data(state)])
        }
    }

    static func upsert(_ record: ActivityRunRecord, finished: Bool, db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO activity_runs (pipeline_run_id, activity_run_id, pipeline_name, activity_name, activity_type,
                    linked_service_name, scope, status, run_start, run_end, retry_attempt, input_json, output_json,
                    error_json, user_properties_json, finished)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(pipeline_run_id, activity_run_id) DO UPDATE SET status = excluded.status,
                    run_start = excluded.run_start, run_end = excluded.run_end, retry_attempt = excluded.retry_attempt,
                    input_json = excluded.input_json, output_json = excluded.output_json, error_json = excluded.error_json,
                    user_properties_json = excluded.user_properties_json, finished = excluded.finished
                """
            ).execute(arguments: [
                record.pipelineRunId, record.activityRunId, record.pipelineName, record.activityName, record.activityType,
                record.linkedServiceName, record.scope, record.status.rawValue, S.seconds(record.activityRunStart),
                S.seconds(record.activityRunEnd), record.retryAttempt, S.text(record.input), S.text(record.output),
                S.errorJSON(record.error), S.text(record.userProperties), finished,
            ])
    }
}
