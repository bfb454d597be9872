import PipehostJSON

/// A data flow resource: `dataflow/*.json` in a git-integration folder,
/// `Microsoft.DataFactory/factories/dataflows` (or Synapse's `workspaces/dataflows`) in an ARM
/// template. Kept as written for the activity that runs it (`ExecuteDataFlow`), with the
/// references of its sources, sinks and transformations read out for validation and resolution.
/// Its script is parsed when the factory is validated (`DataFlowChecker`).
public struct DataFlow: Sendable, Hashable {
    /// One entry of `sources`, `sinks` or `transformations`: the stream the script names
    /// `name`, and the dataset, linked service (an inline dataset) or flowlet it uses.
    public struct Endpoint: Sendable, Hashable {
        public var name: String
        public var dataset: DatasetReference?
        /// The store of an inline dataset (a source or sink without a dataset).
        public var linkedService: LinkedServiceReference?
        /// Where an inline dataset's schema is read from at design time.
        public var schemaLinkedService: LinkedServiceReference?
        /// The flowlet (a data flow of type `Flowlet`) the entry runs, as written in `flowlet.referenceName`.
        public var flowlet: String?
        public var location: SourceLocation

        public init(
            name: String, dataset: DatasetReference? = nil, linkedService: LinkedServiceReference? = nil,
            schemaLinkedService: LinkedServiceReference? = nil, flowlet: String? = nil, location: SourceLocation
        ) {
            self.name = name
            self.dataset = dataset
            self.linkedService = linkedService
            self.schemaLinkedService = schemaLinkedService
            self.flowlet = flowlet
            self.location = location
        }
    }

    public var name: String
    /// `properties.type`: `MappingDataFlow`, `Flowlet`, or `WranglingDataFlow` (Power Query, not read further).
    public var type: String
    /// `properties.typeProperties` as written: the script (`scriptLines` or `script`), `sources`,
    /// `sinks` and `transformations`.
    public var typeProperties: JSONValue
    public var sources: [Endpoint]
    public var sinks: [Endpoint]
    public var transformations: [Endpoint]
    public var location: SourceLocation

    public init(
        name: String, type: String, typeProperties: JSONValue, sources: [Endpoint] = [], sinks: [Endpoint] = [],
        transformations: [Endpoint] = [], location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.typeProperties = typeProperties
        self.sources = sources
        self.sinks = sinks
        self.transformations = transformations
        self.location = location
    }

    /// Whether pipehost reads the script of this type of data flow (a mapping data flow or a flowlet).
    public var hasScript: Bool { type == "MappingDataFlow" || type == "Flowlet" }

    /// The sources and sinks, the entries that read or write data, sources first.
    public var endpoints: [Endpoint] { sources + sinks }
}
