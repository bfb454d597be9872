import PipehostJSON

/// A pipeline resource: `{"name": …, "properties": {"activities": […], "parameters": …, …}}`.
public struct Pipeline: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var activities: [Activity]
    /// Declared parameters in the order written.
    public var parameters: [ParameterSpecification]
    /// Declared variables in the order written.
    public var variables: [VariableSpecification]
    /// Maximum concurrent runs of this pipeline (ADF queues the rest); `nil` means no limit.
    public var concurrency: Int?
    public var annotations: [JSONValue]
    public var folder: String?
    public var location: SourceLocation

    public init(
        name: String, description: String? = nil, activities: [Activity], parameters: [ParameterSpecification] = [],
        variables: [VariableSpecification] = [], concurrency: Int? = nil, annotations: [JSONValue] = [],
        folder: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.activities = activities
        self.parameters = parameters
        self.variables = variables
        self.concurrency = concurrency
        self.annotations = annotations
        self.folder = folder
        self.location = location
    }

    public func parameter(named name: String) -> ParameterSpecification? {
        parameters.first { $0.name == name } ?? parameters.first { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// The variable of that name, ignoring case as ADF does (`variables('V')` finds `v`); an exact
    /// match wins when two names differ only by case.
    public func variable(named name: String) -> VariableSpecification? {
        variables.first { $0.name == name } ?? variables.first { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// Every activity of the pipeline, nested ones included, depth first in document order.
    public var allActivities: [Activity] {
        var result: [Activity] = []
        for activity in activities {
            result.append(activity)
            result.append(contentsOf: activity.allNestedActivities)
        }
        return result
    }
}

/// A linked service resource: a connection, possibly parameterised, whose secrets are plain
/// strings, `SecureString` objects or Azure Key Vault references.
public struct LinkedService: Sendable, Hashable {
    public var name: String
    public var type: String
    public var typeProperties: JSONValue
    public var parameters: [ParameterSpecification]
    public var description: String?
    /// The integration runtime named by `connectVia`, if any.
    public var connectVia: String?
    public var location: SourceLocation

    public init(
        name: String, type: String, typeProperties: JSONValue, parameters: [ParameterSpecification] = [],
        description: String? = nil, connectVia: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.typeProperties = typeProperties
        self.parameters = parameters
        self.description = description
        self.connectVia = connectVia
        self.location = location
    }
}

/// A dataset resource: a named view of data in a linked service, possibly parameterised.
public struct Dataset: Sendable, Hashable {
    public var name: String
    public var type: String
    public var linkedServiceName: LinkedServiceReference?
    public var typeProperties: JSONValue
    public var parameters: [ParameterSpecification]
    /// The whole `properties` object, for executors that want `schema`, `structure`, … too.
    public var properties: JSONObject
    public var location: SourceLocation

    public init(
        name: String, type: String, linkedServiceName: LinkedServiceReference?, typeProperties: JSONValue,
        parameters: [ParameterSpecification] = [], properties: JSONObject = [:], location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.linkedServiceName = linkedServiceName
        self.typeProperties = typeProperties
        self.parameters = parameters
        self.properties = properties
        self.location = location
    }
}
