import PipehostJSON

/// A resource pipehost loads and keeps without interpreting it: a Synapse notebook or Spark job
/// definition, for the activities that run them (`SynapseNotebook`, `SparkJob`).
public struct RawResource: Sendable {
    /// The kinds kept.
    public enum Kind: String, Sendable {
        /// `notebook/*.json`, `Microsoft.Synapse/workspaces/notebooks`.
        case notebook
        /// `sparkJobDefinition/*.json`, `Microsoft.Synapse/workspaces/sparkJobDefinitions`.
        case sparkJobDefinition
    }

    public var kind: Kind
    public var name: String
    /// The resource's `properties`, as written.
    public var properties: JSONValue
    public var location: SourceLocation

    public init(kind: Kind, name: String, properties: JSONValue, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.properties = properties
        self.location = location
    }
}
