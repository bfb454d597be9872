import PipehostJSON

/// Everything one pipeline uses, transitively: the pipelines its ExecutePipeline activities start,
/// the datasets and linked services its activities name, the linked services those name in turn
/// (a dataset's connection, Key Vault stores, linked services of linked services), the integration
/// runtimes they connect via, the data flows they run and the Synapse notebooks and Spark job
/// definitions they start.
///
/// Names no resource has are included too: a reference to something missing, or to a file that
/// cannot be read, is a problem of the pipeline that makes it.
public struct UsedResources: Sendable {
    /// The pipeline the walk started from, as it was asked for.
    public let root: String
    /// The pipelines that exist, the root first.
    public private(set) var pipelines: [Pipeline] = []
    private var keys: Set<ResourceKey> = []

    /// Walks from the pipeline named `root` (which need not exist) with a worklist, so that long
    /// chains of references cannot exhaust the stack.
    public init(pipeline root: String, in factory: Factory) {
        self.root = root
        var pending = [ResourceKey(.pipeline, root)]
        while let key = pending.popLast() {
            guard keys.insert(key.normalized).inserted else { continue }
            switch key.kind {
            case .pipeline:
                guard let pipeline = factory.pipeline(named: key.name) else { continue }
                pipelines.append(pipeline)
                for activity in pipeline.allActivities {
                    if let service = activity.linkedServiceName { pending.append(ResourceKey(.linkedService, service.referenceName)) }
                    for dataset in activity.inputs + activity.outputs { pending.append(ResourceKey(.dataset, dataset.referenceName)) }
                    pending += Self.references(in: activity.typeProperties)
                }
            case .dataset:
                guard let dataset = factory.dataset(named: key.name) else { continue }
                if let service = dataset.linkedServiceName { pending.append(ResourceKey(.linkedService, service.referenceName)) }
                pending += Self.references(in: dataset.typeProperties)
            case .linkedService:
                guard let service = factory.linkedService(named: key.name) else { continue }
                if let runtime = service.connectVia { pending.append(ResourceKey(.integrationRuntime, runtime)) }
                pending += Self.references(in: service.typeProperties)
            case .dataFlow:
                guard let dataFlow = factory.dataFlow(named: key.name) else { continue }
                for endpoint in dataFlow.sources + dataFlow.sinks + dataFlow.transformations {
                    if let dataset = endpoint.dataset { pending.append(ResourceKey(.dataset, dataset.referenceName)) }
                    for service in [endpoint.linkedService, endpoint.schemaLinkedService].compactMap(\.self) {
                        pending.append(ResourceKey(.linkedService, service.referenceName))
                    }
                    if let flowlet = endpoint.flowlet { pending.append(ResourceKey(.dataFlow, flowlet)) }
                }
            case .integrationRuntime, .notebook, .sparkJobDefinition:
                continue  // nothing further to follow
            }
        }
    }

    /// Whether the pipeline uses the resource (names compare case-insensitively).
    public func contains(_ key: ResourceKey) -> Bool { keys.contains(key.normalized) }

    /// Names of the used resources of one kind, lower-cased.
    func names(of kind: ResourceKey.Kind) -> Set<String> {
        Set(keys.filter { $0.kind == kind }.map(\.name))
    }

    /// The `{"type": "…Reference", "referenceName": "…"}` objects inside a value. Expression-valued
    /// names are skipped: they are only known at run time.
    static func references(in value: JSONValue) -> [ResourceKey] {
        var found: [ResourceKey] = []
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .array(let elements):
                pending += elements
            case .object(let object):
                if let type = object[caseInsensitive: "type"]?.stringValue,
                    let kind = referenceKinds.first(where: { asciiCaseInsensitiveEquals($0.type, type) })?.kind,
                    let name = object[caseInsensitive: "referenceName"]?.stringValue, !JSONValue.string(name).isExpression
                {
                    found.append(ResourceKey(kind, name))
                }
                pending += object.map(\.value)
            default:
                break
            }
        }
        return found
    }

    private static let referenceKinds: [(type: String, kind: ResourceKey.Kind)] = [
        ("PipelineReference", .pipeline), ("DatasetReference", .dataset), ("LinkedServiceReference", .linkedService),
        ("IntegrationRuntimeReference", .integrationRuntime), ("DataFlowReference", .dataFlow),
        ("NotebookReference", .notebook), ("SparkJobDefinitionReference", .sparkJobDefinition),
    ]
}
