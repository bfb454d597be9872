import Logging
import PipehostJSON
import PipelineModel
import PipelineScheduler

extension PipelineRun {
    /// Runs one activity through all its attempts and records each state change. Each attempt is
    /// its own activity run (as in ADF), numbered by `retryAttempt`; the last one decides.
    func runActivity(_ node: Int, plan: ContainerPlan, frame: ScopeFrame) async -> (Int, ActivityEnd) {
        let activity = plan.activities[node]
        var record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: activity.name, activityType: activity.type,
            activityRunId: environment.newIdentifier(), linkedServiceName: activity.linkedServiceName?.referenceName ?? "",
            status: .queued, scope: frame.path)
        await environment.observe(.activityQueued(record))

        var attempt = 1
        var retries = 0
        var retryInterval = ActivityPolicy.defaultRetryIntervalInSeconds
        while true {
            let prepared = prepare(activity, executor: plan.executors[node], frame: frame, activityRunId: record.activityRunId, attempt: attempt)
            record.status = .inProgress
            record.retryAttempt = attempt == 1 ? nil : attempt - 1
            record.activityRunStart = environment.now
            switch prepared {
            case .success(let attemptPlan):
                record.input = attemptPlan.recordedInput
                record.userProperties = attemptPlan.userProperties
                if attempt == 1 {
                    retries = attemptPlan.retries
                    retryInterval = attemptPlan.retryIntervalInSeconds
                }
            case .failure:
                record.input = environment.redactor.scrub(activity.typeProperties)
            }
            await environment.observe(.attemptStarted(record))

            let end: ActivityEnd
            var output: JSONValue = .object([:])
            switch prepared {
            case .failure(let error):
                end = ActivityEnd(status: .failed, error: error)
            case .success(let attemptPlan):
                let finished = await perform(attemptPlan, activity: activity, frame: frame, activityRunId: record.activityRunId)
                end = finished.end
                output = finished.output
            }

            record.activityRunEnd = environment.now
            record.error = end.error.map { environment.redactor.scrub($0) }
            switch end.status {
            case .succeeded: record.status = .succeeded
            case .failed: record.status = .failed
            default: record.status = .cancelled
            }
            let secureOutput = (try? prepared.get())?.secureOutput ?? activity.policy.secureOutput
            record.output = secureOutput ? SecurePlaceholder.output : environment.redactor.scrub(output)
            let willRetry = end.status == .failed && attempt <= retries && !Task.isCancelled
            await environment.observe(.attemptFinished(record, willRetry: willRetry))

            if willRetry {
                do {
                    try await environment.options.sleeper.sleep(for: .seconds(retryInterval))
                    attempt += 1
                    record = ActivityRunRecord(
                        pipelineName: pipeline.name, pipelineRunId: runId, activityName: activity.name,
                        activityType: activity.type, activityRunId: environment.newIdentifier(),
                        linkedServiceName: record.linkedServiceName, status: .queued, retryAttempt: attempt - 1,
                        scope: frame.path)
                    await environment.observe(.activityQueued(record))
                    continue
                } catch {
                    // Cancelled while waiting to retry: the failed attempt is the last one.
                }
            }
            frame.publish(activity.name, Self.result(status: record.status, output: output, error: end.error, target: activity.name))
            await environment.observe(.activityFinished(record))
            return (node, end)
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
            switch await AttemptRace.run(attempt.executor, attempt.invocation, context: context, timeout: attempt.timeout.duration) {
            case .timedOut:
                return (ActivityEnd(status: .failed, error: ActivityError(
                    errorCode: "ActivityTimedOut",
                    message: "Activity '\(activity.name)' timed out after \(attempt.timeout) (policy.timeout); the attempt was cancelled.")), .object([:]))
            case .outcome(let result):
                outcome = result
            }
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
