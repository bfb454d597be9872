import PipelineModel

/// The final status of one activity in a container, as the scheduler tracks it.
public enum NodeStatus: Sendable, Hashable {
    case succeeded
    case failed
    /// Not executed because its dependencies were not met.
    case skipped
    /// Stopped by a cancellation of the run (not by a timeout, which is a failure).
    case cancelled
    /// `state: Inactive`: never executed, seen downstream as `markedAs`.
    case inactive(markedAs: DependencyOutcome)

    /// How the activities depending on this one see it; `nil` for a cancelled activity, whose
    /// dependents never run.
    public var dependencyOutcome: DependencyOutcome? {
        switch self {
        case .succeeded: .succeeded
        case .failed: .failed
        case .skipped: .skipped
        case .cancelled: nil
        case .inactive(let mark): mark
        }
    }
}

/// What the runner must do next with one activity.
public enum ScheduledStep: Sendable, Hashable {
    /// Run the activity: its dependencies are met.
    case execute(Int)
    /// Record the activity as Skipped: its dependencies finished but were not met. Already
    /// completed in the scheduler.
    case skip(Int)
    /// Record the activity as Inactive: its dependencies were met but it is deactivated. Already
    /// completed in the scheduler, as its `onInactiveMarkAs`.
    case markInactive(Int, as: DependencyOutcome)

    /// The node the step is about.
    public var node: Int {
        switch self {
        case .execute(let node), .skip(let node), .markInactive(let node, _): node
        }
    }
}

/// A container's status by ADF's leaf rule.
public enum ContainerOutcome: Sendable, Hashable {
    case succeeded
    /// `failedNodes` are the evaluated nodes that failed, in container order; the first one names
    /// the run's message (`Operation on target <activity> failed: …`).
    case failed(failedNodes: [Int])
    case cancelled
}
