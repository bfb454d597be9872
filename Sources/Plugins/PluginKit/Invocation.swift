/// Everything the host sent for one activity call: the invocation JSON of docs/plugin-abi.md,
/// read into fields. ``json`` keeps the whole document for anything not modelled here.
///
/// Linked services carry their secrets in clear: never log them or put them in outputs or
/// operation states.
public struct Invocation: Sendable {
    /// A linked service with parameters substituted and secrets resolved.
    public struct LinkedService: Sendable, Equatable {
        public var name: String
        public var type: String
        public var typeProperties: JSONValue

        /// A linked service as the host resolves one, for plugins' own tests and helpers.
        public init(name: String, type: String, typeProperties: JSONValue) {
            self.name = name
            self.type = type
            self.typeProperties = typeProperties
        }
    }

    /// A dataset as the host resolved it: parameters bound, expressions evaluated, its linked
    /// service resolved.
    public struct Dataset: Sendable, Equatable {
        public var name: String
        /// The dataset `type`, e.g. `DelimitedText`, `AzurePostgreSqlTable`.
        public var type: String
        /// The evaluated `typeProperties` (`location`, format settings, table names, …).
        public var typeProperties: JSONValue
        /// The bound parameter values, by name.
        public var parameters: JSONValue
        /// `schema` (or the older `structure`) as written; nil when the dataset has neither.
        public var schema: JSONValue?
        public var linkedService: LinkedService?
        /// The whole resolved dataset document.
        public var json: JSONValue

        /// Reads a resolved dataset; nil when `value` is not an object with a name.
        public init?(json value: JSONValue) {
            guard case .object(let object) = value, let name = object["name"]?.stringValue else { return nil }
            self.name = name
            type = object["type"]?.stringValue ?? ""
            typeProperties = object["typeProperties"] ?? .object(JSONObject())
            parameters = object["parameters"] ?? .object(JSONObject())
            schema = object["schema"] ?? object["structure"]
            linkedService = object["linkedService"].flatMap(Invocation.linkedService)
            json = value
        }
    }

    /// The data flow an `ExecuteDataFlow` activity runs (the invocation's `dataFlow` member).
    public struct DataFlow: Sendable, Equatable {
        public var name: String
        /// `MappingDataFlow`.
        public var type: String
        /// The resource's `properties.typeProperties` as written: `scriptLines` or `script`,
        /// `sources`, `sinks`, `transformations`.
        public var typeProperties: JSONValue
        /// The dataset each source or sink reads or writes, by its stream name in the script,
        /// resolved like ``Invocation/inputs`` (the activity's `datasetParameters` applied).
        public var datasets: [String: Dataset]
        /// The linked service each source or sink reaches, by its stream name: an inline
        /// dataset's own, or its dataset's.
        public var linkedServices: [String: LinkedService]

        /// Reads the `dataFlow` member; nil when `value` is not an object with a name.
        public init?(json value: JSONValue) {
            guard case .object(let object) = value, let name = object["name"]?.stringValue else { return nil }
            self.name = name
            type = object["type"]?.stringValue ?? ""
            typeProperties = object["typeProperties"] ?? .object(JSONObject())
            var datasets: [String: Dataset] = [:]
            for (stream, dataset) in object["datasets"]?.objectValue ?? JSONObject() {
                if let read = Dataset(json: dataset) { datasets[stream] = read }
            }
            self.datasets = datasets
            var services: [String: LinkedService] = [:]
            for (stream, service) in object["linkedServices"]?.objectValue ?? JSONObject() {
                if let read = Invocation.linkedService(service) { services[stream] = read }
            }
            linkedServices = services
        }
    }

    /// Which run and attempt the call belongs to.
    public struct Run: Sendable, Equatable {
        public var dataFactory: String
        public var pipelineName: String
        public var pipelineRunId: String
        public var activityRunId: String
        /// 1 for the first attempt, 2 for the first retry, …
        public var attempt: Int
        public var triggerType: String
        public var triggerTime: String
        public var groupId: String
    }

    /// The activity's name in the pipeline.
    public var activityName: String
    /// The activity `type` (one this plugin claims).
    public var activityType: String
    /// The activity's `typeProperties`, with every expression evaluated.
    public var typeProperties: JSONValue
    /// The activity's `policy`, with the host's defaults applied.
    public var policy: JSONValue
    /// `userProperties`, evaluated, as `[{name, value}]`.
    public var userProperties: JSONValue
    /// The activity's own linked service (`linkedServiceName`), resolved; nil when it has none.
    public var linkedService: LinkedService?
    /// Other linked services the activity refers to, by name.
    public var linkedServices: [String: LinkedService]
    /// Datasets the activity refers to in `typeProperties` or as inputs and outputs, by name.
    public var datasets: [String: JSONValue]
    /// The activity's `inputs` and `outputs` datasets in the order written (a Copy's source and
    /// sink); one dataset may appear in both with different parameters.
    public var inputs: [Dataset]
    public var outputs: [Dataset]
    /// The data flow the activity runs, with its sources' and sinks' datasets and linked
    /// services resolved; nil for activities that run none.
    public var dataFlow: DataFlow?
    public var run: Run
    /// This plugin's `settings` from plugins.json.
    public var settings: JSONValue
    /// The whole invocation document.
    public var json: JSONValue

    /// Reads the invocation document. Missing members read as empty values: the host always sends
    /// them, and a plugin should not fail over a member it does not use.
    public init(json: JSONValue) {
        self.json = json
        let activity = json["activity"] ?? .object(JSONObject())
        activityName = activity["name"]?.stringValue ?? ""
        activityType = activity["type"]?.stringValue ?? ""
        typeProperties = activity["typeProperties"] ?? .object(JSONObject())
        policy = activity["policy"] ?? .object(JSONObject())
        userProperties = activity["userProperties"] ?? .array([])
        linkedService = json["linkedService"].flatMap(Self.linkedService)
        var services: [String: LinkedService] = [:]
        for (name, value) in json["linkedServices"]?.objectValue ?? JSONObject() {
            if let service = Self.linkedService(value) { services[name] = service }
        }
        linkedServices = services
        var datasets: [String: JSONValue] = [:]
        for (name, value) in json["datasets"]?.objectValue ?? JSONObject() { datasets[name] = value }
        self.datasets = datasets
        inputs = (activity["inputs"]?.arrayValue ?? []).compactMap(Dataset.init(json:))
        outputs = (activity["outputs"]?.arrayValue ?? []).compactMap(Dataset.init(json:))
        dataFlow = json["dataFlow"].flatMap(DataFlow.init(json:))
        let run = json["run"] ?? .object(JSONObject())
        self.run = Run(
            dataFactory: run["dataFactory"]?.stringValue ?? "",
            pipelineName: run["pipelineName"]?.stringValue ?? "",
            pipelineRunId: run["pipelineRunId"]?.stringValue ?? "",
            activityRunId: run["activityRunId"]?.stringValue ?? "",
            attempt: Int(run["attempt"]?.integerValue ?? 1),
            triggerType: run["triggerType"]?.stringValue ?? "",
            triggerTime: run["triggerTime"]?.stringValue ?? "",
            groupId: run["groupId"]?.stringValue ?? "")
        settings = json["settings"] ?? .object(JSONObject())
    }

    /// The dataset named `name` (by `datasets`, ignoring case as ADF's names do).
    public func dataset(named name: String) -> Dataset? {
        if let value = datasets[name] { return Dataset(json: value) }
        let lowered = name.lowercased()
        return datasets.first { $0.key.lowercased() == lowered }.flatMap { Dataset(json: $0.value) }
    }

    static func linkedService(_ value: JSONValue) -> LinkedService? {
        guard case .object(let object) = value, let name = object["name"]?.stringValue else { return nil }
        return LinkedService(
            name: name, type: object["type"]?.stringValue ?? "",
            typeProperties: object["typeProperties"] ?? .object(JSONObject()))
    }
}
