import PipehostJSON

/// Everything one activity call needs, after the runner evaluated expressions and resolved linked
/// services. Plugins receive it as the invocation JSON described in docs/plugin-abi.md, written by
/// ``documentBytes(settings:)``.
///
/// Secrets are in clear in `linkedService`, `linkedServices` and `dataFlow`: an invocation is
/// handed to the executor and never logged or stored.
public struct ActivityInvocation: Sendable, Equatable {
    public var activityName: String
    public var activityType: String
    public var description: String?
    /// The evaluated `typeProperties` (the activity run's `input`).
    public var typeProperties: JSONValue
    /// The activity's `policy` as written, with defaults applied by the runner.
    public var policy: JSONValue
    /// `userProperties` evaluated, as `[{name, value}]`.
    public var userProperties: JSONValue
    /// The activity's own linked service (`linkedServiceName`), resolved.
    public var linkedService: ResolvedLinkedService?
    /// Every other linked service that typeProperties or the activity's linked service refer to,
    /// by name (storage accounts of Azure ML inputs, Key Vault stores are not included).
    public var linkedServices: [String: ResolvedLinkedService]
    /// Datasets the activity refers to in `typeProperties` (Lookup's `dataset`, …), by name, with
    /// parameters bound, expressions evaluated and `linkedService` resolved (docs/plugin-abi.md).
    public var datasets: [String: JSONValue]
    /// The activity's `inputs` and `outputs` dataset references, resolved like `datasets`, in the
    /// order written. A Copy's source and sink may be one dataset with different parameters, so
    /// these are lists, not entries of `datasets`.
    public var inputs: [JSONValue]
    public var outputs: [JSONValue]
    /// The data flow the activity runs (an `ExecuteDataFlow`'s `typeProperties.dataflow`
    /// reference), with the datasets and linked services of its sources and sinks resolved.
    public var dataFlow: ResolvedDataFlow?
    public var run: RunIdentifiers

    public init(
        activityName: String, activityType: String, description: String? = nil, typeProperties: JSONValue,
        policy: JSONValue = .object([:]), userProperties: JSONValue = .array([]),
        linkedService: ResolvedLinkedService? = nil, linkedServices: [String: ResolvedLinkedService] = [:],
        datasets: [String: JSONValue] = [:], inputs: [JSONValue] = [], outputs: [JSONValue] = [],
        dataFlow: ResolvedDataFlow? = nil, run: RunIdentifiers
    ) {
        self.activityName = activityName
        self.activityType = activityType
        self.description = description
        self.typeProperties = typeProperties
        self.policy = policy
        self.userProperties = userProperties
        self.linkedService = linkedService
        self.linkedServices = linkedServices
        self.datasets = datasets
        self.inputs = inputs
        self.outputs = outputs
        self.dataFlow = dataFlow
        self.run = run
    }
}

/// A linked service with parameters substituted and secrets resolved to plain strings.
public struct ResolvedLinkedService: Sendable, Equatable {
    public var name: String
    public var type: String
    public var typeProperties: JSONValue

    public init(name: String, type: String, typeProperties: JSONValue) {
        self.name = name
        self.type = type
        self.typeProperties = typeProperties
    }

    public var json: JSONValue {
        ["name": .string(name), "type": .string(type), "typeProperties": typeProperties]
    }
}

/// A data flow as an activity runs it: the resource's `typeProperties` as written (its script is
/// the data flow's own language, not pipeline expressions), and for each source and sink, by its
/// stream name, the dataset it reads or writes (resolved like `ActivityInvocation.datasets`
/// entries, with the activity's `datasetParameters`) and the linked service it reaches (an inline
/// dataset's own, or the dataset's).
public struct ResolvedDataFlow: Sendable, Equatable {
    public var name: String
    /// `MappingDataFlow`.
    public var type: String
    public var typeProperties: JSONValue
    public var datasets: [String: JSONValue]
    public var linkedServices: [String: ResolvedLinkedService]

    public init(
        name: String, type: String, typeProperties: JSONValue, datasets: [String: JSONValue] = [:],
        linkedServices: [String: ResolvedLinkedService] = [:]
    ) {
        self.name = name
        self.type = type
        self.typeProperties = typeProperties
        self.datasets = datasets
        self.linkedServices = linkedServices
    }
}

/// Which run and attempt a call belongs to.
public struct RunIdentifiers: Sendable, Equatable {
    public var dataFactory: String
    public var pipelineName: String
    public var pipelineRunId: String
    public var activityRunId: String
    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int
    public var triggerType: String
    public var triggerTime: String
    public var groupId: String

    public init(
        dataFactory: String, pipelineName: String, pipelineRunId: String, activityRunId: String, attempt: Int,
        triggerType: String = "Manual", triggerTime: String, groupId: String
    ) {
        self.dataFactory = dataFactory
        self.pipelineName = pipelineName
        self.pipelineRunId = pipelineRunId
        self.activityRunId = activityRunId
        self.attempt = attempt
        self.triggerType = triggerType
        self.triggerTime = triggerTime
        self.groupId = groupId
    }
}
