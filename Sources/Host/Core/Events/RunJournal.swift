import PipehostJSON
import Synchronization

/// An in-memory observer that keeps the latest record of every pipeline and activity run, the
/// variables, loop progress and operation states: the run history of one `pipehost run`, and the
/// source of `RunSnapshot`s for resuming.
public final class RunJournal: RunObserver, Sendable {
    struct State {
        var pipelineRuns: [PipelineRunRecord] = []
        var pipelineRunIndex: [String: Int] = [:]
        var definitions: [String: RunDefinition] = [:]
        var activityRuns: [ActivityRunRecord] = []
        var activityRunIndex: [RunIdKey: Int] = [:]
        /// Whether each activity run (same index) reached its activity's final status.
        var finished: [Bool] = []
        var variables: [String: JSONObject] = [:]
        /// By run id, then loop (`scope|name`).
        var iterations: [RunIdKey: [String: [Int: Bool]]] = [:]
        var operationStates: [String: [String: [UInt8]]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public nonisolated(nonsending) func record(_ event: RunEvent) async {
        state.withLock { state in
            switch event {
            case .runStarted(let record, let definition):
                state.pipelineRunIndex[record.runId] = state.pipelineRuns.count
                state.pipelineRuns.append(record)
                state.definitions[record.runId] = definition
            case .runFinished(let record):
                if let index = state.pipelineRunIndex[record.runId] { state.pipelineRuns[index] = record }
            case .attemptFinished(_, willRetry: false):
                break  // activityFinished follows with the same record
            case .activityQueued(let record), .attemptStarted(let record), .attemptFinished(let record, _),
                .activityFinished(let record):
                let index: Int
                if let known = state.activityRunIndex[RunIdKey(record.activityRunId)] {
                    index = known
                    state.activityRuns[index] = record
                } else {
                    index = state.activityRuns.count
                    state.activityRunIndex[RunIdKey(record.activityRunId)] = index
                    state.activityRuns.append(record)
                    state.finished.append(false)
                }
                if case .activityFinished = event { state.finished[index] = true }
            case .variableChanged(let runId, let name, let value):
                state.variables[runId, default: [:]][name] = value
            case .iterationFinished(let runId, let loop, let iteration, let succeeded):
                state.iterations[RunIdKey(runId), default: [:]][loop, default: [:]][iteration] = succeeded
            case .operationStateSaved(let runId, _, let scope, let activityName, let bytes):
                state.operationStates[runId, default: [:]]["\(scope)|\(activityName)"] = bytes
            }
        }
    }

    /// Every pipeline run, in the order they started.
    public var pipelineRuns: [PipelineRunRecord] { state.withLock { $0.pipelineRuns } }

    /// Every activity run of one pipeline run (each attempt of a retried activity is its own run),
    /// in the order they were created.
    public func activityRuns(of pipelineRunId: String) -> [ActivityRunRecord] {
        state.withLock { $0.activityRuns.filter { $0.pipelineRunId == pipelineRunId } }
    }

    /// Every activity run of every pipeline run.
    public var activityRuns: [ActivityRunRecord] { state.withLock { $0.activityRuns } }

    /// The pipeline run with this id.
    public func pipelineRun(_ runId: String) -> PipelineRunRecord? {
        state.withLock { state in state.pipelineRunIndex[runId].map { state.pipelineRuns[$0] } }
    }

    /// What a resumed run needs: the run's records, definition, variables, finished loop
    /// iterations and saved operation states. `nil` if the journal never saw the run.
    public func snapshot(of runId: String) -> RunSnapshot? {
        state.withLock { state in
            guard let index = state.pipelineRunIndex[runId], let definition = state.definitions[runId] else { return nil }
            let iterations = state.iterations[RunIdKey(runId)] ?? [:]
            let operations = state.operationStates[runId] ?? [:]
            return RunSnapshot(
                pipelineRun: state.pipelineRuns[index], definition: definition,
                activityRuns: state.activityRuns.filter { $0.pipelineRunId == runId },
                finishedActivityRunIds: Set(state.activityRuns.indices.filter { state.finished[$0] }.map { state.activityRuns[$0].activityRunId }),
                variables: state.variables[runId] ?? state.pipelineRuns[index].variables,
                finishedIterations: iterations, operationStates: operations)
        }
    }
}

/// An activity run id as a dictionary key, hashed by its length and its first and last eight bytes:
/// ids are GUIDs, unique in those bytes already, so hashing all 36 bytes on every event is waste.
/// Equality still compares the whole id.
struct RunIdKey: Hashable {
    let id: String

    init(_ id: String) { self.id = id }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = id.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes.count)
            guard bytes.count >= 16, let base = bytes.baseAddress else {
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
                return
            }
            hasher.combine(UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
            hasher.combine(UnsafeRawPointer(base + bytes.count - 8).loadUnaligned(as: UInt64.self))
        }
        if hashed == nil { hasher.combine(id) }
    }
}
