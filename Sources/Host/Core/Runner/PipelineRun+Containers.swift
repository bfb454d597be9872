import PipehostJSON
import PipelineModel
import PipelineScheduler

/// How a container of activities ended, by ADF's leaf rule.
public struct ContainerRunResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case succeeded
        case failed
        case cancelled
    }

    public var status: Status
    /// The first failed activity the leaf rule evaluated, when the container failed.
    public var failedActivity: String?
    public var error: ActivityError?

    public init(status: Status, failedActivity: String? = nil, error: ActivityError? = nil) {
        self.status = status
        self.failedActivity = failedActivity
        self.error = error
    }

    /// The error a control activity reports when a container inside it failed, in ADF's words.
    public var innerFailure: ActivityError {
        let inner = error ?? ActivityError(errorCode: ActivityErrorCode.innerActivityFailed, message: "")
        return ActivityError(
            errorCode: inner.errorCode,
            message: "Activity failed because an inner activity failed; Inner activity name: \(failedActivity ?? "unknown"), Error: \(inner.message)",
            failureType: inner.failureType, details: inner.details)
    }
}

/// How one activity ended, as its container's scheduler needs it.
struct ActivityEnd: Sendable {
    var status: NodeStatus
    var error: ActivityError?
}

extension PipelineRun {
    /// Runs one container to its end. The loop owns the container's scheduler and the state of
    /// its activities: it prepares and records each attempt here on the actor, starts one task per
    /// attempt, and takes their results from a mailbox in batches. Cancelling the calling task
    /// stops new activities from starting and cancels the running ones.
    func runContainer(_ plan: ContainerPlan, frame: ScopeFrame) async -> ContainerRunResult {
        var errors: [Int: ActivityError] = [:]
        var scheduler = restoredScheduler(plan, frame: frame, errors: &errors)
        var attempts = [ActivityAttempt?](repeating: nil, count: plan.activities.count)
        let mailbox = ContainerMailbox()
        let tasks = InFlightTasks(count: plan.activities.count)
        var inFlight = 0

        await withTaskCancellationHandler {
            var stoppedStarting = false
            while true {
                if Task.isCancelled, !stoppedStarting {
                    scheduler.cancelUnstarted()
                    stoppedStarting = true
                }
                for step in scheduler.nextReady() {
                    switch step {
                    case .execute(let node):
                        let attempt = await startActivity(node, plan: plan, frame: frame)
                        attempt.watch = launch(attempt, mailbox: mailbox, tasks: tasks)
                        attempts[node] = attempt
                        inFlight += 1
                    case .skip(let node):
                        await recordUnexecuted(plan.activities[node], frame: frame, status: .skipped)
                    case .markInactive(let node, _):
                        await recordUnexecuted(plan.activities[node], frame: frame, status: .inactive)
                    }
                }
                guard inFlight > 0 else { break }
                let messages = await mailbox.receive()
                defer { mailbox.recycle(messages) }
                for message in messages {
                    let node: Int
                    var finished: ActivityEnd?
                    switch message {
                    case .attemptEnded(let ended, let outcome, let cause, let wasCancelled):
                        node = ended
                        tasks.remove(node)
                        guard let attempt = attempts[node] else { continue }
                        let timedOut = attempt.watch.map { environment.deadlines.finish($0) } ?? false
                        let (end, output) = Self.classify(outcome, attempt: attempt, cause: cause, wasCancelled: wasCancelled, timedOut: timedOut)
                        if await endAttempt(attempt, end: end, output: output) {
                            scheduleRetry(attempt, mailbox: mailbox, tasks: tasks)
                        } else {
                            finished = end
                        }
                    case .retryDue(let due, let cancelled):
                        node = due
                        tasks.remove(node)
                        guard let attempt = attempts[node] else { continue }
                        if cancelled || Task.isCancelled {
                            finished = attempt.end  // the failed attempt is the last one
                        } else {
                            let next = await retry(attempt)
                            next.watch = launch(next, mailbox: mailbox, tasks: tasks)
                            attempts[node] = next
                        }
                    }
                    guard let end = finished, let attempt = attempts[node] else { continue }
                    await finishActivity(attempt, end: end)
                    attempts[node] = nil
                    errors[node] = end.error
                    scheduler.complete(node, as: end.status)
                    inFlight -= 1
                }
            }
        } onCancel: {
            tasks.cancelAll()
        }

        switch scheduler.outcome() {
        case .succeeded:
            return ContainerRunResult(status: .succeeded)
        case .cancelled:
            return ContainerRunResult(status: .cancelled)
        case .failed(let nodes):
            let first = nodes.first ?? 0
            let activity = plan.activities[first]
            let error = errors[first] ?? ActivityError(
                errorCode: ActivityErrorCode.activityMarkedFailed,
                message: activity.state == .inactive ? "The activity is inactive and marked as Failed." : "The activity failed.")
            return ContainerRunResult(status: .failed, failedActivity: activity.name, error: error)
        }
    }

    /// A fresh scheduler, or one that starts from the activities a resumed run already finished in
    /// this frame (their results are published again for expressions).
    private func restoredScheduler(_ plan: ContainerPlan, frame: ScopeFrame, errors: inout [Int: ActivityError]) -> RunScheduler {
        guard let snapshot else { return RunScheduler(graph: plan.graph) }
        let finished = snapshot.finishedActivities(in: frame.path)
        guard !finished.isEmpty else { return RunScheduler(graph: plan.graph) }
        var statuses: [Int: NodeStatus] = [:]
        for (node, activity) in plan.activities.enumerated() {
            guard let record = finished[activity.name] else { continue }
            let status: NodeStatus
            switch record.status {
            case .succeeded: status = .succeeded
            case .failed: status = .failed
            case .skipped: status = .skipped
            case .inactive: status = .inactive(markedAs: activity.onInactiveMarkAs)
            case .cancelled, .queued, .inProgress: continue
            }
            statuses[node] = status
            errors[node] = record.error
            frame.publish(activity.name, ActivityResult(status: record.status, output: record.output, error: record.error))
        }
        return RunScheduler(graph: plan.graph, restoring: statuses)
    }

    /// Records an activity that never executes: Skipped (dependencies not met) or Inactive.
    private func recordUnexecuted(_ activity: Activity, frame: ScopeFrame, status: ActivityRunStatus) async {
        let now = environment.now
        let record = ActivityRunRecord(
            pipelineName: pipeline.name, pipelineRunId: runId, activityName: activity.name, activityType: activity.type,
            activityRunId: environment.newIdentifier(), linkedServiceName: activity.linkedServiceName?.referenceName ?? "",
            status: status, activityRunStart: status == .inactive ? now : nil, activityRunEnd: status == .inactive ? now : nil,
            scope: frame.path)
        frame.publish(activity.name, ActivityResult(status: status))
        await environment.observe(.activityFinished(record))
    }
}
