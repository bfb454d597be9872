import Foundation
import GRDB
import HostCore
import PipehostJSON

/// Which pipeline runs `runs(matching:)` returns.
public struct RunQuery: Sendable {
    public var status: PipelineRunStatus?
    /// Compared case-insensitively.
    public var pipelineName: String?
    /// Runs that started at or after this instant.
    public var startedAfter: Date?
    /// Runs that started before this instant.
    public var startedBefore: Date?
    /// Child runs started by ExecutePipeline are left out unless this is set.
    public var includeChildRuns: Bool
    public var limit: Int

    public init(
        status: PipelineRunStatus? = nil, pipelineName: String? = nil, startedAfter: Date? = nil,
        startedBefore: Date? = nil, includeChildRuns: Bool = false, limit: Int = 50
    ) {
        self.status = status
        self.pipelineName = pipelineName
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.includeChildRuns = includeChildRuns
        self.limit = limit
    }
}

extension RunStore {
    /// Pipeline runs, newest first.
    public func runs(matching query: RunQuery) throws(RunStoreError) -> [PipelineRunRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let name = query.pipelineName {
            conditions.append("pipeline_name = ? COLLATE NOCASE")
            arguments += [name]
        }
        if let after = query.startedAfter {
            conditions.append("run_start >= ?")
            arguments += [after.timeIntervalSince1970]
        }
        if let before = query.startedBefore {
            conditions.append("run_start < ?")
            arguments += [before.timeIntervalSince1970]
        }
        if !query.includeChildRuns { conditions.append("parent_run_id IS NULL") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pipeline_runs \(filter) ORDER BY run_start DESC LIMIT ?", arguments: arguments)
        }
        var result: [PipelineRunRecord] = []
        for row in rows { result.append(try StoredRecords.pipelineRun(row)) }
        return result
    }

    /// The full run id for an id or a unique prefix of one (as `git` accepts short hashes).
    public func resolveRunId(_ idOrPrefix: String) throws(RunStoreError) -> String {
        let matches = try read { db in
            try String.fetchAll(
                db, sql: "SELECT run_id FROM pipeline_runs WHERE run_id = ? OR run_id LIKE ? ESCAPE '\\' LIMIT 10",
                arguments: [idOrPrefix, Self.likePrefix(idOrPrefix)])
        }
        if matches.contains(idOrPrefix) { return idOrPrefix }
        guard let first = matches.first, !idOrPrefix.isEmpty else { throw .unknownRun(id: idOrPrefix, path: path) }
        guard matches.count == 1 else { throw .ambiguousRun(prefix: idOrPrefix, matches: matches) }
        return first
    }

    private static func likePrefix(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }

    /// One pipeline run.
    public func pipelineRun(_ runId: String) throws(RunStoreError) -> PipelineRunRecord {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM pipeline_runs WHERE run_id = ?", arguments: [runId]) }
        guard let row else { throw .unknownRun(id: runId, path: path) }
        return try StoredRecords.pipelineRun(row)
    }

    /// The run that started this one with ExecutePipeline; `nil` for a top-level run.
    public func parentRunId(of runId: String) throws(RunStoreError) -> String? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT parent_run_id FROM pipeline_runs WHERE run_id = ?", arguments: [runId])
        }
        guard let row else { throw .unknownRun(id: runId, path: path) }
        return row["parent_run_id"]
    }

    /// Where a top-level run came from.
    public func launch(of runId: String) throws(RunStoreError) -> RunLaunch {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT source, plugin_manifest, rerun_of FROM pipeline_runs WHERE run_id = ?", arguments: [runId])
        }
        guard let row else { throw .unknownRun(id: runId, path: path) }
        return RunLaunch(source: row["source"], pluginManifest: row["plugin_manifest"], rerunOf: row["rerun_of"])
    }

    /// Every activity run (each attempt) of a pipeline run, in the order they were created.
    public func activityRuns(of runId: String) throws(RunStoreError) -> [ActivityRunRecord] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM activity_runs WHERE pipeline_run_id = ? ORDER BY seq", arguments: [runId])
        }
        var result: [ActivityRunRecord] = []
        result.reserveCapacity(rows.count)
        for row in rows { result.append(try StoredRecords.activityRun(row)) }
        return result
    }

    /// The child runs a run started with ExecutePipeline, and theirs, in the order they started.
    public func descendantRuns(of runId: String) throws(RunStoreError) -> [PipelineRunRecord] {
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE tree(id) AS (
                        SELECT run_id FROM pipeline_runs WHERE parent_run_id = ?
                        UNION SELECT p.run_id FROM pipeline_runs p JOIN tree ON p.parent_run_id = tree.id)
                    SELECT * FROM pipeline_runs WHERE run_id IN tree ORDER BY run_start
                    """, arguments: [runId])
        }
        var result: [PipelineRunRecord] = []
        for row in rows { result.append(try StoredRecords.pipelineRun(row)) }
        return result
    }

    /// The runs of a run group (a run and its reruns), oldest first.
    public func runGroup(_ groupId: String) throws(RunStoreError) -> [PipelineRunRecord] {
        let rows = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM pipeline_runs WHERE run_group_id = ? AND parent_run_id IS NULL ORDER BY run_start",
                arguments: [groupId])
        }
        var result: [PipelineRunRecord] = []
        for row in rows { result.append(try StoredRecords.pipelineRun(row)) }
        return result
    }

    /// Everything a resumed run needs, read from the tables.
    public func snapshot(of runId: String) throws(RunStoreError) -> RunSnapshot {
        let run = try pipelineRun(runId)
        let activities = try activityRuns(of: runId)
        let (definitionText, finishedIds, variableRows, iterationRows, stateRows) = try read { db in
            (
                try String.fetchOne(db, sql: "SELECT definition_json FROM pipeline_runs WHERE run_id = ?", arguments: [runId]),
                try String.fetchAll(
                    db, sql: "SELECT activity_run_id FROM activity_runs WHERE pipeline_run_id = ? AND finished = 1", arguments: [runId]),
                try Row.fetchAll(db, sql: "SELECT name, value_json FROM run_variables WHERE pipeline_run_id = ?", arguments: [runId]),
                try Row.fetchAll(
                    db, sql: "SELECT loop, iteration, succeeded FROM loop_iterations WHERE pipeline_run_id = ?", arguments: [runId]),
                try Row.fetchAll(db, sql: "SELECT activity_key, state FROM operation_states WHERE pipeline_run_id = ?", arguments: [runId])
            )
        }
        let definitionJSON = try StoredRecords.parse(definitionText, runId: runId, column: "definition")
        let definition = RunDefinition(
            parameters: definitionJSON["parameters"]?.objectValue ?? [:],
            parentRunId: definitionJSON["parentRunId"]?.stringValue,
            parentActivityRunId: definitionJSON["parentActivityRunId"]?.stringValue)
        var variables = run.variables
        for row in variableRows {
            let name: String = row["name"]
            variables[name] = try StoredRecords.parse(row["value_json"], runId: runId, column: "variable \(name)")
        }
        var iterations: [String: [Int: Bool]] = [:]
        for row in iterationRows {
            let loop: String = row["loop"]
            let iteration: Int = row["iteration"]
            let succeeded: Bool = row["succeeded"]
            iterations[loop, default: [:]][iteration] = succeeded
        }
        var states: [String: [UInt8]] = [:]
        for row in stateRows {
            let key: String = row["activity_key"]
            let data: Data = row["state"]
            states[key] = [UInt8](data)
        }
        return RunSnapshot(
            pipelineRun: run, definition: definition, activityRuns: activities, finishedActivityRunIds: Set(finishedIds),
            variables: variables, finishedIterations: iterations, operationStates: states)
    }

    /// Marks the attempts a dead process left InProgress or Queued as Failed, so that the history
    /// says what happened; a resumed run then starts them again.
    @discardableResult
    public func markInterrupted(_ runId: String, at now: Date) throws(RunStoreError) -> Int {
        let error = StoredRecords.errorJSON(ActivityError(
            errorCode: ActivityErrorCode.hostProcessEnded,
            message: "The pipehost process running this attempt ended before the attempt did; the run was resumed.",
            failureType: .systemError))
        return try write { db in
            try db.execute(
                sql: """
                    UPDATE activity_runs SET status = 'Failed', run_end = ?, error_json = ?
                    WHERE pipeline_run_id = ? AND status IN ('InProgress', 'Queued')
                    """, arguments: [now.timeIntervalSince1970, error, runId])
            return db.changesCount
        }
    }

    /// Copies finished activity runs of an earlier run into a rerun, before it starts, so the rerun's
    /// history (and a later resume of it) shows what it reused.
    public func copyReusedActivities(_ records: [ActivityRunRecord], into runId: String) throws(RunStoreError) {
        try write { db in
            for var record in records {
                record.pipelineRunId = runId
                try RunEventWriter.upsert(record, finished: true, db: db)
            }
        }
    }

    /// Deletes finished runs (and their child runs and records) that started before `date`;
    /// returns how many pipeline runs were deleted. Runs still in progress are kept.
    @discardableResult
    public func prune(startedBefore date: Date) throws(RunStoreError) -> Int {
        try write { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT run_id FROM pipeline_runs WHERE run_start < ? AND status IN ('Succeeded', 'Failed', 'Cancelled')",
                arguments: [date.timeIntervalSince1970])
            for id in ids {
                for table in ["activity_runs", "run_variables", "loop_iterations", "operation_states"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE pipeline_run_id = ?", arguments: [id])
                }
                try db.execute(sql: "DELETE FROM pipeline_runs WHERE run_id = ?", arguments: [id])
            }
            return ids.count
        }
    }
}
