import PipehostJSON

/// One activity of a pipeline (or of a control activity's nested list), as written.
public struct Activity: Sendable, Hashable {
    public var name: String
    /// The `type` discriminator, e.g. `ForEach` or `AzureMLBatchExecution`; matched exactly.
    public var type: String
    public var description: String?
    public var dependsOn: [ActivityDependency]
    /// `userProperties` as `{name, value}` pairs; values may be expressions.
    public var userProperties: [UserProperty]
    public var state: ActivityState
    /// How an inactive activity is seen by the activities that depend on it.
    public var onInactiveMarkAs: DependencyOutcome
    public var linkedServiceName: LinkedServiceReference?
    public var policy: ActivityPolicy
    /// `typeProperties` as written (an object, possibly empty); expressions are evaluated at run time.
    public var typeProperties: JSONValue
    /// Dataset references of Copy-like activities (`inputs`/`outputs` beside typeProperties).
    public var inputs: [DatasetReference]
    public var outputs: [DatasetReference]
    /// The nested activity lists of a control activity (`ifTrueActivities`, `cases[0].activities`, …).
    public var containers: [ActivityContainer]
    public var location: SourceLocation

    public init(
        name: String, type: String, description: String? = nil, dependsOn: [ActivityDependency] = [],
        userProperties: [UserProperty] = [], state: ActivityState = .active,
        onInactiveMarkAs: DependencyOutcome = .succeeded, linkedServiceName: LinkedServiceReference? = nil,
        policy: ActivityPolicy = ActivityPolicy(), typeProperties: JSONValue = .object([:]),
        inputs: [DatasetReference] = [], outputs: [DatasetReference] = [], containers: [ActivityContainer] = [],
        location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.dependsOn = dependsOn
        self.userProperties = userProperties
        self.state = state
        self.onInactiveMarkAs = onInactiveMarkAs
        self.linkedServiceName = linkedServiceName
        self.policy = policy
        self.typeProperties = typeProperties
        self.inputs = inputs
        self.outputs = outputs
        self.containers = containers
        self.location = location
    }

    /// The nested list stored under `key` (e.g. `ifTrueActivities`), if this activity has one.
    public func container(_ key: String) -> ActivityContainer? {
        containers.first { asciiCaseInsensitiveEquals($0.key, key) }
    }

}

/// One `{"name", "value"}` entry of `userProperties`; the value may be an expression.
public struct UserProperty: Sendable, Hashable {
    public var name: String
    public var value: JSONValue

    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A list of activities nested in a control activity, scheduled as a unit with its own
/// dependencies (IfCondition branches, ForEach/Until bodies, Switch cases).
public struct ActivityContainer: Sendable, Hashable {
    /// Where the list lives in typeProperties: `activities`, `ifTrueActivities`, `cases[1].activities`, …
    public var key: String
    /// The Switch case value for `cases[i].activities`; `nil` for every other container.
    public var caseValue: String?
    public var activities: [Activity]
    public var location: SourceLocation

    public init(key: String, caseValue: String? = nil, activities: [Activity], location: SourceLocation) {
        self.key = key
        self.caseValue = caseValue
        self.activities = activities
        self.location = location
    }
}

extension Activity {
    /// Every activity nested anywhere below this one, depth first.
    public var allNestedActivities: [Activity] {
        var result: [Activity] = []
        for container in containers {
            for activity in container.activities {
                result.append(activity)
                result.append(contentsOf: activity.allNestedActivities)
            }
        }
        return result
    }
}
