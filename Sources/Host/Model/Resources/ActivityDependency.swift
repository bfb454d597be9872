/// A condition on an upstream activity's final status, as written in `dependencyConditions`.
public enum DependencyCondition: String, Sendable, Hashable, CaseIterable {
    case succeeded = "Succeeded"
    case failed = "Failed"
    case skipped = "Skipped"
    /// Succeeded or Failed; does not fire when the upstream activity was skipped.
    case completed = "Completed"

    /// Parses a condition ignoring case, as ADF does for enum values.
    public init?(adfName: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == adfName.lowercased() }) else {
            return nil
        }
        self = match
    }

    /// Whether an upstream activity that ended as `outcome` meets this condition.
    public func isMet(by outcome: DependencyOutcome) -> Bool {
        switch (self, outcome) {
        case (.succeeded, .succeeded), (.failed, .failed), (.skipped, .skipped): true
        case (.completed, .succeeded), (.completed, .failed): true
        default: false
        }
    }
}

/// The final status of an activity as the activities depending on it see it (an inactive
/// activity counts as its `onInactiveMarkAs`).
public enum DependencyOutcome: String, Sendable, Hashable, CaseIterable {
    case succeeded = "Succeeded"
    case failed = "Failed"
    case skipped = "Skipped"
}

/// One entry of `dependsOn`: the conditions in one entry combine with OR; entries on different
/// activities combine with AND.
public struct ActivityDependency: Sendable, Hashable {
    public var activity: String
    public var conditions: [DependencyCondition]
    public var location: SourceLocation

    public init(activity: String, conditions: [DependencyCondition], location: SourceLocation) {
        self.activity = activity
        self.conditions = conditions
        self.location = location
    }

    /// Whether an upstream outcome meets this entry: any of its conditions.
    public func isMet(by outcome: DependencyOutcome) -> Bool {
        conditions.contains { $0.isMet(by: outcome) }
    }
}

/// `state` of an activity.
public enum ActivityState: String, Sendable, Hashable {
    case active = "Active"
    /// Never executes; recorded with status `Inactive` and seen downstream as `onInactiveMarkAs`.
    case inactive = "Inactive"
}
