import PipehostJSON

/// Everything loaded from one place on disk: the pipelines, linked services, datasets and data
/// flows of a factory, and its global parameters.
public struct Factory: Sendable {
    /// The data factory's name (`@pipeline().DataFactory`): from `factory/*.json`, the ARM
    /// template's `factoryName`, or the folder name.
    public var name: String
    public private(set) var pipelines: [Pipeline] = []
    public private(set) var linkedServices: [LinkedService] = []
    public private(set) var datasets: [Dataset] = []
    /// Synapse notebooks and Spark job definitions, kept for the activities that run them.
    public private(set) var rawResources: [RawResource] = []
    /// Mapping data flows, flowlets (and Power Query data flows, kept unread), for `ExecuteDataFlow`.
    public private(set) var dataFlows: [DataFlow] = []
    /// `pipeline().globalParameters`, by name.
    public var globalParameters: JSONObject = [:]
    /// Where global parameters were declared, for messages.
    public var globalParametersLocation: SourceLocation?

    private var pipelineIndex: [String: Int] = [:]
    private var linkedServiceIndex: [String: Int] = [:]
    private var datasetIndex: [String: Int] = [:]
    private var dataFlowIndex: [String: Int] = [:]

    public init(name: String) {
        self.name = name
    }

    /// Adds a pipeline; returns the one already there when the name is taken (names are
    /// case-insensitive in ADF, as ARM resource names are).
    @discardableResult
    public mutating func add(_ pipeline: Pipeline) -> Pipeline? {
        let key = pipeline.name.lowercased()
        if let existing = pipelineIndex[key] { return pipelines[existing] }
        pipelineIndex[key] = pipelines.count
        pipelines.append(pipeline)
        return nil
    }

    @discardableResult
    public mutating func add(_ linkedService: LinkedService) -> LinkedService? {
        let key = linkedService.name.lowercased()
        if let existing = linkedServiceIndex[key] { return linkedServices[existing] }
        linkedServiceIndex[key] = linkedServices.count
        linkedServices.append(linkedService)
        return nil
    }

    @discardableResult
    public mutating func add(_ dataset: Dataset) -> Dataset? {
        let key = dataset.name.lowercased()
        if let existing = datasetIndex[key] { return datasets[existing] }
        datasetIndex[key] = datasets.count
        datasets.append(dataset)
        return nil
    }

    @discardableResult
    public mutating func add(_ dataFlow: DataFlow) -> DataFlow? {
        let key = dataFlow.name.lowercased()
        if let existing = dataFlowIndex[key] { return dataFlows[existing] }
        dataFlowIndex[key] = dataFlows.count
        dataFlows.append(dataFlow)
        return nil
    }

    /// Adds a notebook or Spark job definition; returns the one of the same kind already there
    /// when the name is taken (case-insensitively).
    @discardableResult
    public mutating func add(_ resource: RawResource) -> RawResource? {
        if let existing = rawResource(resource.kind, named: resource.name) { return existing }
        rawResources.append(resource)
        return nil
    }

    public func rawResource(_ kind: RawResource.Kind, named name: String) -> RawResource? {
        rawResources.first { $0.kind == kind && $0.name.lowercased() == name.lowercased() }
    }

    public func pipeline(named name: String) -> Pipeline? {
        pipelineIndex[name.lowercased()].map { pipelines[$0] }
    }

    public func linkedService(named name: String) -> LinkedService? {
        linkedServiceIndex[name.lowercased()].map { linkedServices[$0] }
    }

    public func dataset(named name: String) -> Dataset? {
        datasetIndex[name.lowercased()].map { datasets[$0] }
    }

    public func dataFlow(named name: String) -> DataFlow? {
        dataFlowIndex[name.lowercased()].map { dataFlows[$0] }
    }
}
