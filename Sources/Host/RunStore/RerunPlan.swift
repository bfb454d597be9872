import Foundation
import HostCore
import PipehostJSON
import PipelineModel

/// Which part of an earlier run a rerun repeats (ADF's rerun options, and one more).
public enum RerunMode: Sendable, Equatable {
    /// The whole pipeline, with the same parameters.
    case whole
    /// Top-level activities that succeeded are not run again; their outputs are reused. Everything
    /// else, control activities included, is evaluated again.
    case fromFailed
    /// As `fromFailed`, and a ForEach (or Until) that failed repeats only its failed iterations.
    case failedItems
    /// The named top-level activity and everything downstream of it run again; succeeded
    /// activities outside that part are reused.
    case fromActivity(String)
}

/// Why a rerun cannot be planned.
public enum RerunError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `--from-activity` names no top-level activity of the pipeline.
    case unknownActivity(name: String, pipeline: String, available: [String])

    public var description: String {
        switch self {
        case .unknownActivity(let name, let pipeline, let available):
            "--from-activity '\(name)': pipeline '\(pipeline)' has no top-level activity of that name; it has "
                + available.map { "'\($0)'" }.joined(separator: ", ")
        }
    }
}

/// Turns the snapshot of an earlier run into the snapshot a rerun starts from: a new run id in the
/// same run group, and only the results the mode reuses.
public enum RerunPlan {
    /// - Returns: the snapshot to pass to `PipelineRunner.resume`, and the reused activity runs
    ///   (already moved to the new run id) to record in the new run's history.
    public static func snapshot(
        rerunning original: RunSnapshot, pipeline: Pipeline, mode: RerunMode, newRunId: String
    ) throws(RerunError) -> (snapshot: RunSnapshot, reused: [ActivityRunRecord]) {
        var record = original.pipelineRun
        record.runId = newRunId
        record.status = .queued
        record.runStart = nil
        record.runEnd = nil
        record.message = ""
        record.pipelineReturnValue = nil
        let initialVariables = initialVariables(of: pipeline)
        record.variables = initialVariables
        guard mode != .whole else {
            return (
                RunSnapshot(
                    pipelineRun: record, definition: original.definition, activityRuns: [], finishedActivityRunIds: [],
                    variables: initialVariables),
                []
            )
        }
        var rerunNames: Set<String> = []
        if case .fromActivity(let name) = mode {
            guard let start = pipeline.activities.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw .unknownActivity(name: name, pipeline: pipeline.name, available: pipeline.activities.map(\.name))
            }
            rerunNames = downstream(of: start.name, in: pipeline.activities)
        }
        var reused: [ActivityRunRecord] = []
        for (name, finished) in original.finishedActivities(in: "")
        where finished.status == .succeeded && !rerunNames.contains(name) {
            var copy = finished
            copy.pipelineRunId = newRunId
            reused.append(copy)
        }
        reused.sort { ($0.activityRunStart ?? .distantPast) < ($1.activityRunStart ?? .distantPast) }
        var iterations: [String: [Int: Bool]] = [:]
        if mode == .failedItems {
            for (loop, done) in original.finishedIterations {
                let succeeded = done.filter(\.value)
                if !succeeded.isEmpty { iterations[loop] = succeeded }
            }
        }
        let snapshot = RunSnapshot(
            pipelineRun: record, definition: original.definition, activityRuns: reused,
            finishedActivityRunIds: Set(reused.map(\.activityRunId)),
            variables: original.variables, finishedIterations: iterations)
        return (snapshot, reused)
    }

    /// The activity and every activity that depends on it, directly or not: a breadth-first walk
    /// over the reversed `dependsOn` edges, linear in the number of activities and edges.
    static func downstream(of name: String, in activities: [Activity]) -> Set<String> {
        var dependents: [String: [String]] = [:]
        for activity in activities {
            for dependency in activity.dependsOn { dependents[dependency.activity, default: []].append(activity.name) }
        }
        var result: Set<String> = [name]
        var queue = [name]
        var cursor = 0
        while cursor < queue.count {
            let current = queue[cursor]
            cursor += 1
            for dependent in dependents[current] ?? [] where result.insert(dependent).inserted {
                queue.append(dependent)
            }
        }
        return result
    }

    private static func initialVariables(of pipeline: Pipeline) -> JSONObject {
        var variables = JSONObject()
        for variable in pipeline.variables { variables[variable.name] = variable.initialValue }
        return variables
    }
}
