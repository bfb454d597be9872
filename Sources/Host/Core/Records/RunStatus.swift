/// The status of one activity run, as ADF's monitoring shows it.
public enum ActivityRunStatus: String, Sendable, Hashable, CaseIterable {
    case queued = "Queued"
    case inProgress = "InProgress"
    case succeeded = "Succeeded"
    case failed = "Failed"
    /// Not executed because its dependencies were not met.
    case skipped = "Skipped"
    case cancelled = "Cancelled"
    /// `state: Inactive`: a placeholder that never executed.
    case inactive = "Inactive"

    /// Whether the status is final.
    public var isFinal: Bool { self != .queued && self != .inProgress }
}

/// The status of a pipeline run.
public enum PipelineRunStatus: String, Sendable, Hashable, CaseIterable {
    case queued = "Queued"
    case inProgress = "InProgress"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case canceling = "Canceling"
    case cancelled = "Cancelled"

    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
