import Logging
import PipehostJSON
import PipelineModel
import PipelineScheduler

/// One attempt of an activity, owned by its container's loop.
///
/// A class so that the loop and the attempt's task share it without copying; `@unchecked
/// Sendable` because its variable parts are touched only by the container's loop, on the run's
/// actor (the attempt's task reads only the constants).
final class ActivityAttempt: @unchecked Sendable {
    let node: Int
    let entry: PlannedActivity
    let frame: ScopeFrame
    /// 1 for the first attempt.
    let attempt: Int
    /// The attempt's activity run: InProgress while it runs, then its final status.
    var record: ActivityRunRecord
    let prepared: Result<PreparedAttempt, ActivityError>
    /// From the first attempt's policy.
    let retries: Int
    let retryIntervalInSeconds: Int
    /// The attempt's entry in the deadline watcher, while it runs.
    var watch: UInt64?
    /// How the attempt ended, and its real (unscrubbed) output for expressions.
    var end: ActivityEnd?
    var output: JSONValue = .object([:])

    init(
        node: Int, entry: PlannedActivity, frame: ScopeFrame, attempt: Int,
        record: ActivityRunRecord, prepared: Result<PreparedAttempt, ActivityError>, retries: Int, retryIntervalInSeconds: Int
    ) {
        self.node = node
        self.entry = entry
        self.frame = frame
        self.attempt = attempt
        self.record = record
        self.prepared = prepared
        self.retries = retries
        self.retryIntervalInSeconds = retryIntervalInSeconds
    }
}

extension PipelineRun {
    /// Records an activity as queued and prepares its first attempt. Each attempt is its own
    /// activity run (as in ADF), numbered by `retryAttempt`; the last one decides.
    func startActivity(_ node: Int, plan: ContainerPlan, frame: ScopeFrame) async -> ActivityAttempt {
        let entry = plan.entries[node]
        let activity = entry.activity
        let record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: activity.name, activityType: activity.type,
            activityRunId: environment.newIdentifier(), linkedServiceName: activity.linkedServiceName?.referenceName ?? "",
            status: .queued, scope: frame.path)
        await environment.observe(.activityQueued(record))
        return await startAttempt(1, node: node, entry: entry, frame: frame, record: record, policy: nil)
    }

    /// After a failed attempt and the retry interval: the next attempt, as a new activity run.
    func retry(_ previous: ActivityAttempt) async -> ActivityAttempt {
        let attempt = previous.attempt + 1
        let record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: previous.entry.activity.name,
            activityType: previous.entry.activity.type, activityRunId: environment.newIdentifier(),
            linkedServiceName: previous.record.linkedServiceName, status: .queued, retryAttempt: attempt - 1,
            scope: previous.frame.path)
        await environment.observe(.activityQueued(record))
        return await startAttempt(
            attempt, node: previous.node, entry: previous.entry, frame: previous.frame, record: record,
            policy: (previous.retries, previous.retryIntervalInSeconds))
    }

    /// Prepares attempt `attempt` against the run as it is now and records it as started.
    private func startAttempt(
        _ attempt: Int, node: Int, entry: PlannedActivity, frame: ScopeFrame, record initial: ActivityRunRecord,
        policy: (retries: Int, interval: Int)?
    ) async -> ActivityAttempt {
        var record = initial
        let prepared = prepare(entry, frame: frame, activityRunId: record.activityRunId, attempt: attempt)
        record.status = .inProgress
        record.retryAttempt = attempt == 1 ? nil : attempt - 1
        record.activityRunStart = environment.now
        var retries = policy?.retries ?? 0
        var interval = policy?.interval ?? ActivityPolicy.defaultRetryIntervalInSeconds
        switch prepared {
        case .success(let attemptPlan):
            record.input = attemptPlan.recordedInput
            record.userProperties = attemptPlan.userProperties
            if policy == nil {
                retries = attemptPlan.retries
                interval = attemptPlan.retryIntervalInSeconds
            }
        case .failure:
            record.input = entry.activity.policy.secureInput
                ? SecurePlaceholder.input : environment.redactor.scrub(entry.activity.typeProperties)
        }
        await environment.observe(.attemptStarted(record))
        return ActivityAttempt(
            node: node, entry: entry, frame: frame, attempt: attempt, record: record,
            prepared: prepared, retries: retries, retryIntervalInSeconds: interval)
    }

    /// Starts the attempt's task; it posts the executor's outcome to the mailbox. Returns the
    /// deadline watch of an execution activity (control activities have no policy timeout).
    nonisolated func launch(_ attempt: ActivityAttempt, mailbox: ContainerMailbox, tasks: InFlightTasks) -> UInt64? {
        let node = attempt.node
        guard case .success(let prepared) = attempt.prepared else {
            if case .failure(let error) = attempt.prepared {
                mailbox.post(.attemptEnded(node: node, outcome: .failed(error), cancellation: nil, wasCancelled: false))
            }
            return nil
        }
        let invocation = prepared.invocation
        if let control = attempt.entry.control {
            let context = ControlFlowContext(
                run: self, frame: attempt.frame, activity: attempt.entry.activity, activityRunId: attempt.record.activityRunId)
            tasks.add(node, Task(executorPreference: RunExecutor.shared) {
                await Self.runAttempt(node, mailbox: mailbox) { await control.execute(invocation, control: context) }
            })
            return nil
        }
        let executor = prepared.executor
        let context = executionContext(for: attempt.entry.activity, frame: attempt.frame, activityRunId: attempt.record.activityRunId)
        // The attempt runs in a task of its own so that its timeout can cancel it without
        // cancelling the activity, which may still retry.
        let task = Task(executorPreference: RunExecutor.shared) {
            await Self.runAttempt(node, mailbox: mailbox) { await executor.execute(invocation, context: context) }
        }
        tasks.add(node, task)
        return environment.deadlines.register(task, deadline: .now + prepared.timeout.duration)
    }

    /// The body of an attempt's task: runs the executor and posts how it ended. Isolated to the
    /// engine, so that the executor (which runs on its caller's executor) starts without a hop.
    @RunEngine
    private static func runAttempt(
        _ node: Int, mailbox: ContainerMailbox, _ execute: nonisolated(nonsending) () async -> ActivityOutcome
    ) async {
        let outcome = await execute()
        mailbox.post(.attemptEnded(
            node: node, outcome: outcome, cancellation: CancellationCause.current?.error, wasCancelled: Task.isCancelled))
    }

    /// Waits the retry interval in a task of its own, then tells the loop.
    nonisolated func scheduleRetry(_ attempt: ActivityAttempt, mailbox: ContainerMailbox, tasks: InFlightTasks) {
        let node = attempt.node
        let sleeper = environment.options.sleeper
        let interval = Duration.seconds(attempt.retryIntervalInSeconds)
        tasks.add(node, Task(executorPreference: RunExecutor.shared) {
            do {
                try await sleeper.sleep(for: interval)
                mailbox.post(.retryDue(node: node, cancelled: false))
            } catch {
                mailbox.post(.retryDue(node: node, cancelled: true))
            }
        })
    }

    /// How an executor's outcome counts. A cancelled attempt failed if its timeout expired, was
    /// cancelled if an enclosing Until timed out or the run was cancelled, and otherwise the
    /// executor misbehaved (it reported a cancellation nobody asked for).
    static func classify(
        _ outcome: ActivityOutcome, attempt: ActivityAttempt, cause: ActivityError?, wasCancelled: Bool, timedOut: Bool
    ) -> (ActivityEnd, JSONValue) {
        switch outcome {
        case .succeeded(let output):
            return (ActivityEnd(status: .succeeded), output)
        case .failed(let error):
            return (ActivityEnd(status: .failed, error: error), .object([:]))
        case .cancelled:
            if timedOut, let prepared = try? attempt.prepared.get() {
                return (ActivityEnd(status: .failed, error: ActivityError(
                    errorCode: ActivityErrorCode.activityTimedOut,
                    message: "Activity '\(attempt.entry.activity.name)' timed out after \(prepared.timeout) (policy.timeout); the attempt was cancelled.")),
                    .object([:]))
            }
            if let cause { return (ActivityEnd(status: .cancelled, error: cause), .object([:])) }
            if wasCancelled {
                return (ActivityEnd(status: .cancelled, error: ActivityError(
                    errorCode: ActivityErrorCode.activityCancelled,
                    message: "The activity was cancelled because its pipeline run was cancelled.")),
                    .object([:]))
            }
            return (ActivityEnd(status: .failed, error: ActivityError(
                errorCode: ActivityErrorCode.pluginMisbehaved,
                message: "The executor of '\(attempt.entry.activity.type)' reported a cancellation although nothing cancelled it.",
                failureType: .systemError)), .object([:]))
        }
    }

    /// Records how an attempt ended; returns whether the policy retries it.
    func endAttempt(_ attempt: ActivityAttempt, end: ActivityEnd, output: JSONValue) async -> Bool {
        var record = attempt.record
        record.activityRunEnd = environment.now
        record.error = end.error.map { environment.redactor.scrub($0) }
        switch end.status {
        case .succeeded: record.status = .succeeded
        case .failed: record.status = .failed
        default: record.status = .cancelled
        }
        let secureOutput = attempt.entry.activity.policy.secureOutput
        record.output = secureOutput ? SecurePlaceholder.output : environment.redactor.scrub(output)
        attempt.record = record
        attempt.end = end
        attempt.output = output
        attempt.watch = nil
        let willRetry = end.status == .failed && attempt.attempt <= attempt.retries && !Task.isCancelled
        await environment.observe(.attemptFinished(record, willRetry: willRetry))
        return willRetry
    }

    /// The activity's last attempt ended: publish its result for `activity('name')` and record it.
    func finishActivity(_ attempt: ActivityAttempt, end: ActivityEnd) async {
        let name = attempt.entry.activity.name
        attempt.frame.publish(name, ActivityResult(status: attempt.record.status, output: attempt.output, error: end.error))
        await environment.observe(.activityFinished(attempt.record))
    }

    /// The services an executor gets for one attempt: a scrubbing log, and persistence of a
    /// long-running operation's state through the observer.
    nonisolated func executionContext(for activity: Activity, frame: ScopeFrame, activityRunId: String) -> ActivityExecutionContext {
        let services = AttemptServices(
            environment: environment, runId: runId, scope: frame.path, activityName: activity.name, activityRunId: activityRunId)
        return ActivityExecutionContext(
            log: { level, message in services.log(level, message) },
            savedOperationState: snapshot?.operationStates["\(frame.path)|\(activity.name)"],
            saveOperationState: { bytes in await services.saveOperationState(bytes) })
    }
}

/// What the closures of one attempt's `ActivityExecutionContext` share (one object, so the
/// closures need no boxes of their own).
final class AttemptServices: Sendable {
    let environment: RunEnvironment
    let runId: String
    let scope: String
    let activityName: String
    let activityRunId: String

    init(environment: RunEnvironment, runId: String, scope: String, activityName: String, activityRunId: String) {
        self.environment = environment
        self.runId = runId
        self.scope = scope
        self.activityName = activityName
        self.activityRunId = activityRunId
    }

    func log(_ level: Logger.Level, _ message: String) {
        let logger = environment.options.logger
        guard logger.logLevel <= level else { return }
        logger.log(
            level: level, "\(environment.redactor.scrub(message))",
            metadata: ["activity": "\(activityName)", "activityRunId": "\(activityRunId)"])
    }

    func saveOperationState(_ bytes: [UInt8]) async {
        await environment.observe(.operationStateSaved(
            pipelineRunId: runId, activityRunId: activityRunId, scope: scope, activityName: activityName, state: bytes))
    }
}
