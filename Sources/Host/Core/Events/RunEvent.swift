import PipehostJSON

/// One state change of a run. Every change goes through `RunObserver.record(_:)`, in the order it
/// happened, before the run moves on; together the events hold everything needed to rebuild the
/// run's records and to resume it.
///
/// Values in events are scrubbed of secrets, and carry the `secureInput`/`secureOutput`
/// placeholders, exactly as they would be stored.
public enum RunEvent: Sendable, Equatable {
    /// A pipeline run started (status InProgress). `parent` is set for ExecutePipeline children.
    case runStarted(PipelineRunRecord, definition: RunDefinition)
    /// An activity run was created and waits for its first attempt.
    case activityQueued(ActivityRunRecord)
    /// An attempt started; the record has the evaluated input and `retryAttempt`.
    case attemptStarted(ActivityRunRecord)
    /// A long-running operation saved its state (bytes opaque to the host).
    case operationStateSaved(pipelineRunId: String, activityRunId: String, scope: String, activityName: String, state: [UInt8])
    /// An attempt ended; the record has its status. `willRetry` when the policy allows another
    /// attempt after this failed one (it does not happen if the run is cancelled meanwhile).
    case attemptFinished(ActivityRunRecord, willRetry: Bool)
    /// A pipeline variable changed (SetVariable, AppendVariable, or `pipelineReturnValue`).
    case variableChanged(pipelineRunId: String, name: String, value: JSONValue)
    /// One iteration of a ForEach or Until ended. `loop` names the loop activity in its run as
    /// `<scope>|<activity name>` (the key of `RunSnapshot.finishedIterations`).
    case iterationFinished(pipelineRunId: String, loop: String, iteration: Int, succeeded: Bool)
    /// An activity run reached its final status (also for Skipped and Inactive activities, which
    /// have no attempts).
    case activityFinished(ActivityRunRecord)
    /// The pipeline run reached its final status.
    case runFinished(PipelineRunRecord)
}

/// What a resumed run must know about how its run started: the parameters as bound (scrubbed),
/// and who invoked it.
public struct RunDefinition: Sendable, Equatable {
    public var parameters: JSONObject
    public var parentRunId: String?
    public var parentActivityRunId: String?

    public init(parameters: JSONObject, parentRunId: String? = nil, parentActivityRunId: String? = nil) {
        self.parameters = parameters
        self.parentRunId = parentRunId
        self.parentActivityRunId = parentActivityRunId
    }
}

/// Receives every state change of a run: the durable run store, the CLI's live view, tests.
///
/// Implementation requirements:
/// - `record` is awaited before the run goes on, so a durable store may write the event before it
///   returns; keep it quick for in-memory observers.
/// - It runs on the caller's executor (`nonisolated(nonsending)`): an observer that does not
///   suspend costs the runner no task switch.
/// - It is called from many tasks, possibly concurrently; serialise internally if needed.
/// - It must not depend on the calling task's cancellation: events are recorded while a cancelled
///   run winds down.
public protocol RunObserver: Sendable {
    nonisolated(nonsending) func record(_ event: RunEvent) async
}

/// Sends each event to several observers in order.
public struct RunObservers: RunObserver {
    public var observers: [any RunObserver]

    public init(_ observers: [any RunObserver]) {
        self.observers = observers
    }

    public nonisolated(nonsending) func record(_ event: RunEvent) async {
        for observer in observers { await observer.record(event) }
    }
}

/// An observer that ignores everything.
public struct DiscardingRunObserver: RunObserver {
    public init() {}
    public nonisolated(nonsending) func record(_ event: RunEvent) async {}
}
