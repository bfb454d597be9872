import PipehostJSON

/// Everything an expression can read: pipeline parameters and system variables, variables,
/// activity results, the current ForEach item, linked service and dataset parameters, the
/// trigger, and the environment that pins the clock, GUIDs and random numbers.
///
/// A value type: the engine builds one per activity (or per ForEach iteration) and evaluates any
/// number of compiled expressions against it, from any thread.
public struct EvaluationScope: Sendable {
    /// `pipeline().parameters`.
    public var parameters: JSONObject
    /// `pipeline().globalParameters`.
    public var globalParameters: JSONObject
    /// The system variables under `pipeline()`: `DataFactory`, `Pipeline`, `RunId`, `TriggerType`,
    /// `TriggerId`, `TriggerName`, `TriggerTime`, `GroupId`, `TriggeredByPipelineName`,
    /// `TriggeredByPipelineRunId`. Only the ones present exist; `pipeline()?.X` reads a missing one as null.
    public var system: JSONObject
    /// `variables('x')`.
    public var variables: JSONObject
    /// `activity('X')` → `{"output": …, "status": …, "error": …}`, or nil when X has not run.
    public var activity: @Sendable (String) -> JSONValue?
    /// `item()`; nil outside ForEach and Filter, where using it is an error.
    public var item: JSONValue?
    /// `linkedService()`: the parameters of the linked service being resolved.
    public var linkedServiceParameters: JSONObject?
    /// `dataset()`: the parameters of the dataset being resolved.
    public var datasetParameters: JSONObject?
    /// `trigger()`: the trigger's outputs (`scheduledTime`, `startTime`, `outputs.windowStartTime`, …).
    public var trigger: JSONValue?
    /// The clock, GUID and random sources.
    public var environment: EvaluationEnvironment

    public init(
        parameters: JSONObject = [:],
        globalParameters: JSONObject = [:],
        system: JSONObject = [:],
        variables: JSONObject = [:],
        activity: @escaping @Sendable (String) -> JSONValue? = { _ in nil },
        item: JSONValue? = nil,
        linkedServiceParameters: JSONObject? = nil,
        datasetParameters: JSONObject? = nil,
        trigger: JSONValue? = nil,
        environment: EvaluationEnvironment = .live
    ) {
        self.parameters = parameters
        self.globalParameters = globalParameters
        self.system = system
        self.variables = variables
        self.activity = activity
        self.item = item
        self.linkedServiceParameters = linkedServiceParameters
        self.datasetParameters = datasetParameters
        self.trigger = trigger
        self.environment = environment
    }
}

extension EvaluationScope {
    /// A lookup for `activity` over a fixed table of results, matching names as ADF does: exactly
    /// first, then without regard to case.
    public static func activityTable(_ results: JSONObject) -> @Sendable (String) -> JSONValue? {
        { name in results[name] ?? results[caseInsensitive: name] }
    }
}
