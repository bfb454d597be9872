/// A resource of a factory by kind and name, as references name it: what a loading problem belongs
/// to, so that `--pipeline` can tell problems of what the pipeline uses from problems elsewhere.
public struct ResourceKey: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of resources a pipeline can use.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case pipeline = "pipeline"
        case dataset = "dataset"
        case linkedService = "linked service"
        case integrationRuntime = "integration runtime"
        case dataFlow = "data flow"
        case notebook = "notebook"
        case sparkJobDefinition = "Spark job definition"
    }

    public var kind: Kind
    /// The resource's name; for a file that cannot be read, the name its file gives it
    /// (`dataset/sales.json` → `sales`). Compared case-insensitively, as ADF compares names.
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue) '\(name)'" }

    /// The key names compare by: ADF's resource names are case-insensitive.
    var normalized: ResourceKey { ResourceKey(kind, name.lowercased()) }
}
