import PipehostJSON

/// `{"referenceName": "…", "type": "LinkedServiceReference", "parameters": {…}}`.
public struct LinkedServiceReference: Sendable, Hashable {
    public var referenceName: String
    /// Values for the linked service's parameters; may hold expressions, evaluated in the scope of
    /// the activity that makes the reference.
    public var parameters: JSONObject
    public var location: SourceLocation

    public init(referenceName: String, parameters: JSONObject = [:], location: SourceLocation) {
        self.referenceName = referenceName
        self.parameters = parameters
        self.location = location
    }
}

/// `{"referenceName": "…", "type": "DatasetReference", "parameters": {…}}`.
public struct DatasetReference: Sendable, Hashable {
    public var referenceName: String
    public var parameters: JSONObject
    public var location: SourceLocation

    public init(referenceName: String, parameters: JSONObject = [:], location: SourceLocation) {
        self.referenceName = referenceName
        self.parameters = parameters
        self.location = location
    }
}

/// The kinds of `{"type": "…Reference", "referenceName": …}` objects found inside typeProperties.
public enum ReferenceKind: String, Sendable, Hashable {
    case linkedService = "LinkedServiceReference"
    case dataset = "DatasetReference"
    case pipeline = "PipelineReference"
}

/// One reference found by walking a JSON value.
public struct EmbeddedReference: Sendable, Hashable {
    public var kind: ReferenceKind
    public var referenceName: String
    public var parameters: JSONObject
    public var location: SourceLocation
    /// Whether the reference is the `store` of an Azure Key Vault secret reference.
    public var isKeyVaultStore: Bool
}

extension JSONValue {
    /// Every reference object inside this value, in document order. Expression-valued reference
    /// names are skipped: they are only known at run time.
    public func embeddedReferences(at location: SourceLocation) -> [EmbeddedReference] {
        var found: [EmbeddedReference] = []
        collectReferences(at: location, insideKeyVaultStore: false, into: &found)
        return found
    }

    private func collectReferences(
        at location: SourceLocation, insideKeyVaultStore: Bool, into found: inout [EmbeddedReference]
    ) {
        switch self {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                element.collectReferences(at: location.element(index), insideKeyVaultStore: false, into: &found)
            }
        case .object(let object):
            if let typeName = object[caseInsensitive: "type"]?.stringValue,
                let kind = ReferenceKind.allKnown.first(where: { asciiCaseInsensitiveEquals($0.rawValue, typeName) }),
                let name = object[caseInsensitive: "referenceName"]?.stringValue, !JSONValue.string(name).isExpression
            {
                found.append(EmbeddedReference(
                    kind: kind, referenceName: name,
                    parameters: object[caseInsensitive: "parameters"]?.objectValue ?? [:],
                    location: location, isKeyVaultStore: insideKeyVaultStore))
            }
            let isKeyVaultSecret = object[caseInsensitive: "type"]?.stringValue
                .map { asciiCaseInsensitiveEquals($0, "AzureKeyVaultSecret") } ?? false
            for member in object {
                let isStore = isKeyVaultSecret && asciiCaseInsensitiveEquals(member.key, "store")
                member.value.collectReferences(at: location.member(member.key), insideKeyVaultStore: isStore, into: &found)
            }
        default:
            break
        }
    }
}

extension ReferenceKind {
    static let allKnown: [ReferenceKind] = [.linkedService, .dataset, .pipeline]
}
