import Logging
import PipehostJSON
import PipelineModel
import PipelineScheduler

/// One attempt of an activity, prepared on the run's actor and carried out by a child task.
struct ActivityAttempt: Sendable {
    let node: Int
    let activity: Activity
    let frame: ScopeFrame
    /// 1 for the first attempt.
    let attempt: Int
    var record: ActivityRunRecord
    let prepared: Result<PreparedAttempt, ActivityError>
    /// From the first attempt's policy.
    let retries: Int
    let retryIntervalInSeconds: Int
}

extension PipelineRun {
    /// Records an activity as queued and prepares its first attempt: on the actor, where the
    /// run's variables and parameters are. Each attempt is its own activity run (as in ADF),
    /// numbered by `retryAttempt`; the last one decides.
    func startActivity(_ node: Int, plan: ContainerPlan, frame: ScopeFrame) async -> ActivityAttempt {
        let activity = plan.activities[node]
        let record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: activity.name, activityType: activity.type,
            activityRunId: environment.newIdentifier(), linkedServiceName: activity.linkedServiceName?.referenceName ?? "",
            status: .queued, scope: frame.path)
        await environment.observe(.activityQueued(record))
        return await startAttempt(1, node: node, activity: activity, executor: plan.executors[node], frame: frame, record: record, policy: nil)
    }

    /// Prepares attempt `attempt` (expressions evaluated against the run as it is now) and
    /// records it as started.
    private func startAttempt(
        _ attempt: Int, node: Int, activity: Activity, executor: (any ActivityExecutor)?, frame: ScopeFrame,
        record initial: ActivityRunRecord, policy: (retries: Int, interval: Int)?
    ) async -> ActivityAttempt {
        var record = initial
        let prepared = prepare(activity, executor: executor, frame: frame, activityRunId: record.activityRunId, attempt: attempt)
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
            record.input = activity.policy.secureInput ? SecurePlaceholder.input : environment.redactor.scrub(activity.typeProperties)
        }
        await environment.observe(.attemptStarted(record))
        return ActivityAttempt(
            node: node, activity: activity, frame: frame, attempt: attempt, record: record, prepared: prepared,
            retries: retries, retryIntervalInSeconds: interval)
    }

    /// After a failed attempt and the retry interval: the next attempt, as a new activity run.
    private func retry(_ previous: ActivityAttempt, executor: (any ActivityExecutor)?) async -> ActivityAttempt {
        let attempt = previous.attempt + 1
        let record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: previous.activity.name,
            activityType: previous.activity.type, activityRunId: environment.newIdentifier(),
            linkedServiceName: previous.record.linkedServiceName, status: .queued, retryAttempt: attempt - 1,
            scope: previous.frame.path)
        await environment.observe(.activityQueued(record))
        return await startAttempt(
            attempt, node: previous.node, activity: previous.activity, executor: executor, frame: previous.frame,
            record: record, policy: (previous.retries, previous.retryIntervalInSeconds))
    }

    /// Carries out an activity's attempts in a child task, off the actor: executes, records each
    /// attempt's end, waits and retries as the policy says, and publishes the result for
    /// `activity('name')`. Returns to the actor only to prepare a retry.
    nonisolated func drive(_ first: ActivityAttempt, executor: (any ActivityExecutor)?) async -> (Int, ActivityEnd) {
        var current = first
        while true {
            let end: ActivityEnd
            var output: JSONValue = .object([:])
            switch current.prepared {
            case .failure(let error):
                end = ActivityEnd(status: .failed, error: error)
            case .success(let attemptPlan):
                let finished = await perform(
                    attemptPlan, activity: current.activity, frame: current.frame, activityRunId: current.record.activityRunId)
                end = finished.end
                output = finished.output
            }

            var record = current.record
            record.activityRunEnd = environment.now
            record.error = end.error.map { environment.redactor.scrub($0) }
            switch end.status {
            case .succeeded: record.status = .succeeded
            case .failed: record.status = .failed
            default: record.status = .cancelled
            }
            let secureOutput = (try? current.prepared.get())?.secureOutput ?? current.activity.policy.secureOutput
            record.output = secureOutput ? SecurePlaceholder.output : environment.redactor.scrub(output)
            let willRetry = end.status == .failed && current.attempt <= current.retries && !Task.isCancelled
            await environment.observe(.attemptFinished(record, willRetry: willRetry))

            if willRetry {
                do {
                    try await environment.options.sleeper.sleep(for: .seconds(current.retryIntervalInSeconds))
                    current.record = record
                    current = await retry(current, executor: executor)
                    continue
                } catch {
                    // Cancelled while waiting to retry: the failed attempt is the last one.
                }
            }
            let name = current.activity.name
            current.frame.publish(name, Self.result(status: record.status, output: output, error: end.error, target: name))
            await environment.observe(.activityFinished(record))
            return (current.node, end)
        }
    }

    /// Carries out one prepared attempt off the actor: a control activity with the runner's
    /// control-flow context, any other executor under its timeout.
    nonisolated func perform(
        _ attempt: PreparedAttempt, activity: Activity, frame: ScopeFrame, activityRunId: String
    ) async -> (end: ActivityEnd, output: JSONValue) {
        let outcome: ActivityOutcome
        if let control = attempt.executor as? any ControlActivityExecutor {
            let context = ControlFlowContext(run: self, frame: frame, activity: activity, activityRunId: activityRunId)
            outcome = await control.execute(attempt.invocation, control: context)
        } else {
            let context = executionContext(for: activity, frame: frame, activityRunId: activityRunId)
            let executor = attempt.executor
            let invocation = attempt.invocation
            // The attempt runs in a task of its own so that its timeout can cancel it without
            // cancelling the activity, which may still retry.
            let task = Task { await executor.execute(invocation, context: context) }
            let watch = environment.deadlines.register(task, deadline: .now + attempt.timeout.duration)
            let result = await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
            if environment.deadlines.finish(watch), case .cancelled = result {
                return (ActivityEnd(status: .failed, error: ActivityError(
                    errorCode: "ActivityTimedOut",
                    message: "Activity '\(activity.name)' timed out after \(attempt.timeout) (policy.timeout); the attempt was cancelled.")), .object([:]))
            }
            outcome = result
        }
        switch outcome {
        case .succeeded(let output):
            return (ActivityEnd(status: .succeeded), output)
        case .failed(let error):
            return (ActivityEnd(status: .failed, error: error), .object([:]))
        case .cancelled:
            if let cause = CancellationCause.current?.error {
                return (ActivityEnd(status: .cancelled, error: cause), .object([:]))
            }
            if Task.isCancelled {
                return (ActivityEnd(status: .cancelled, error: ActivityError(
                    errorCode: "ActivityCancelled", message: "The activity was cancelled because its pipeline run was cancelled.")),
                    .object([:]))
            }
            return (ActivityEnd(status: .failed, error: ActivityError(
                errorCode: "PluginMisbehaved",
                message: "The executor of '\(activity.type)' reported a cancellation although nothing cancelled it.",
                failureType: .systemError)), .object([:]))
        }
    }

    /// The services an executor gets for one attempt: a scrubbing log, and persistence of a
    /// long-running operation's state through the observer.
    nonisolated func executionContext(for activity: Activity, frame: ScopeFrame, activityRunId: String) -> ActivityExecutionContext {
        let environment = self.environment
        let runId = self.runId
        let scope = frame.path
        let name = activity.name
        return ActivityExecutionContext(
            log: { level, message in
                environment.options.logger.log(
                    level: level, "\(environment.redactor.scrub(message))",
                    metadata: ["activity": "\(name)", "activityRunId": "\(activityRunId)"])
            },
            savedOperationState: snapshot?.operationStates["\(scope)|\(name)"],
            saveOperationState: { bytes in
                await environment.observe(.operationStateSaved(
                    pipelineRunId: runId, activityRunId: activityRunId, scope: scope, activityName: name, state: bytes))
            })
    }
}
