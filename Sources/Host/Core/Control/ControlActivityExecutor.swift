import PipehostJSON
import PipelineModel

/// An activity built into the host that controls the flow of a pipeline (IfCondition, ForEach,
/// Until, Switch, Filter, Wait, Fail, SetVariable, AppendVariable, ExecutePipeline). Registered in
/// the `ActivityRegistry` like any plugin; the runner recognises it and hands it a
/// `ControlFlowContext` to run nested activities and touch the run's state.
public protocol ControlActivityExecutor: ActivityExecutor {
    /// typeProperties members the runner must leave unevaluated before the activity starts: nested
    /// activity lists, and expressions the activity evaluates itself (Until's `expression` after
    /// each iteration, Filter's `condition` per item). They are left out of the recorded input.
    var deferredProperties: Set<String> { get }

    /// Carries out the activity inside a pipeline run. `invocation.typeProperties` holds the
    /// evaluated typeProperties without `deferredProperties`.
    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome
}

extension ControlActivityExecutor {
    public var deferredProperties: Set<String> { [] }

    /// Outside a pipeline run a control activity has nothing to control.
    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        .failed(ActivityError(
            errorCode: ActivityErrorCode.controlActivityOutsidePipeline,
            message: "\(descriptor.typeName) is a control activity; it runs only inside a pipeline run."))
    }

    /// The descriptor of a built-in activity.
    static func builtIn(_ typeName: String, _ summary: String) -> ActivityTypeDescriptor {
        ActivityTypeDescriptor(typeName: typeName, origin: .builtIn, summary: summary, isThreadSafe: true, isLongRunning: false)
    }
}

/// What the runner lends a control activity for one execution.
public struct ControlFlowContext: Sendable {
    let run: PipelineRun
    let frame: ScopeFrame
    /// The activity as written, with its nested containers.
    public let activity: Activity
    public let activityRunId: String

    init(run: PipelineRun, frame: ScopeFrame, activity: Activity, activityRunId: String) {
        self.run = run
        self.frame = frame
        self.activity = activity
        self.activityRunId = activityRunId
    }

    /// Evaluates a value (typically a deferred typeProperty) against the run as it is now, with
    /// `item` as `item()` when given.
    public nonisolated(nonsending) func evaluate(_ value: JSONValue, item: JSONValue? = nil, path: String) async throws(ActivityError) -> JSONValue {
        try await run.evaluate(value, frame: frame, item: item, path: "\(activity.name).typeProperties.\(path)")
    }

    /// Runs a nested container to its end in a new frame. `label` names the frame in records
    /// (`ForEach1[3]`, `If1(true)`); `item` becomes `item()` inside.
    public nonisolated(nonsending) func runActivities(_ container: ActivityContainer, label: String, item: JSONValue? = nil) async -> ContainerRunResult {
        await run.runNested(container, in: frame, label: label, item: item)
    }

    public nonisolated(nonsending) func setVariable(_ name: String, to value: JSONValue) async throws(ActivityError) {
        try await run.setVariable(name, to: value, by: activity.name)
    }

    public nonisolated(nonsending) func appendVariable(_ name: String, value: JSONValue) async throws(ActivityError) {
        try await run.appendVariable(name, value: value, by: activity.name)
    }

    /// Sets the run's `pipelineReturnValue`, which an ExecutePipeline parent reads from its output.
    public nonisolated(nonsending) func setPipelineReturnValue(_ value: JSONObject) async {
        await run.setReturnValue(value)
    }

    /// Runs another pipeline of the factory as a child run.
    public nonisolated(nonsending) func runPipeline(named name: String, parameters: JSONObject, waitOnCompletion: Bool) async -> ChildPipelineResult {
        await run.runChild(named: name, parameters: parameters, waitOnCompletion: waitOnCompletion, activity: activity.name, activityRunId: activityRunId)
    }

    /// Waits, honouring cancellation (through the run's sleeper).
    public nonisolated(nonsending) func sleep(seconds: Int64) async throws {
        try await run.environment.options.sleeper.sleep(for: .seconds(seconds))
    }

    /// This activity in its run, as loops are keyed in events and snapshots: `<scope>|<name>`.
    public var loopKey: String { "\(frame.path)|\(activity.name)" }

    /// The iterations of this loop activity a resumed run already finished (index → succeeded).
    public func finishedIterations() -> [Int: Bool] {
        run.snapshot?.finishedIterations[loopKey] ?? [:]
    }

    /// Records that an iteration of the loop `loopKey` ended, so that a resumed run does not
    /// repeat it.
    public nonisolated(nonsending) func recordIterationFinished(_ iteration: Int, succeeded: Bool, loopKey: String) async {
        await run.environment.observe(.iterationFinished(
            pipelineRunId: run.runId, loop: loopKey, iteration: iteration, succeeded: succeeded))
    }

    /// Plans a nested container once, for control activities that run it many times.
    public func nested(_ container: ActivityContainer) -> NestedActivities {
        NestedActivities(container: container, plan: try? run.environment.plan(
            for: container.activities, pipeline: run.pipeline.name, key: container.location.jsonPath))
    }

    /// Runs a planned nested container to its end in a new frame (see `runActivities(_:label:item:)`).
    public nonisolated(nonsending) func runActivities(_ nested: NestedActivities, label: String, item: JSONValue? = nil) async -> ContainerRunResult {
        await run.runNested(nested, in: frame, label: label, item: item)
    }
}

/// A nested container of activities with its plan, made once by `ControlFlowContext.nested(_:)`.
public struct NestedActivities: Sendable {
    let container: ActivityContainer
    /// `nil` when the container's dependencies cannot be scheduled (reported when run).
    let plan: ContainerPlan?
}

/// How a child pipeline run started by ExecutePipeline went.
public struct ChildPipelineResult: Sendable, Equatable {
    public var pipelineName: String
    /// Empty when the run could not even start.
    public var runId: String
    /// `nil` while a run started without waiting is still going.
    public var status: PipelineRunStatus?
    public var returnValue: JSONObject?
    /// The activity that made the child fail, and its error; or why it could not start.
    public var failedActivity: String?
    public var error: ActivityError?

    public init(
        pipelineName: String, runId: String, status: PipelineRunStatus?, returnValue: JSONObject? = nil,
        failedActivity: String? = nil, error: ActivityError? = nil
    ) {
        self.pipelineName = pipelineName
        self.runId = runId
        self.status = status
        self.returnValue = returnValue
        self.failedActivity = failedActivity
        self.error = error
    }
}
