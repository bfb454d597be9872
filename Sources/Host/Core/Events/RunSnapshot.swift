import PipehostJSON

/// Everything needed to start a run again where it stopped: the pipeline run, how it was started,
/// every activity run with its final status and output, the variables, which loop iterations
/// finished, and the saved state of long-running operations.
///
/// Built from recorded events (`RunJournal.snapshot(of:)` in memory; the run store from its
/// tables). Values are scrubbed as recorded: secure parameters must be supplied again on resume,
/// and outputs of `secureOutput` activities are their placeholders.
public struct RunSnapshot: Sendable, Equatable {
    public var pipelineRun: PipelineRunRecord
    public var definition: RunDefinition
    public var activityRuns: [ActivityRunRecord]
    /// The activity runs that reached their activity's final status (the last attempt), as
    /// opposed to attempts followed by a retry.
    public var finishedActivityRunIds: Set<String>
    public var variables: JSONObject
    /// Finished iterations by `scope|loopActivityName`: iteration index → whether it succeeded.
    public var finishedIterations: [String: [Int: Bool]]
    /// Saved long-running operation states by `scope|activityName`.
    public var operationStates: [String: [UInt8]]

    public init(
        pipelineRun: PipelineRunRecord, definition: RunDefinition, activityRuns: [ActivityRunRecord],
        finishedActivityRunIds: Set<String>, variables: JSONObject, finishedIterations: [String: [Int: Bool]] = [:], operationStates: [String: [UInt8]] = [:]
    ) {
        self.pipelineRun = pipelineRun
        self.definition = definition
        self.activityRuns = activityRuns
        self.finishedActivityRunIds = finishedActivityRunIds
        self.variables = variables
        self.finishedIterations = finishedIterations
        self.operationStates = operationStates
    }

    /// The final record of each activity per scope, ignoring cancelled runs and superseded
    /// attempts: what a resumed container starts from.
    public func finishedActivities(in scope: String) -> [String: ActivityRunRecord] {
        var result: [String: ActivityRunRecord] = [:]
        for record in activityRuns
        where record.scope == scope && record.status != .cancelled && finishedActivityRunIds.contains(record.activityRunId) {
            result[record.activityName] = record
        }
        return result
    }
}
