import PipehostJSON

/// The declared type of a pipeline, linked service or dataset parameter.
public enum ParameterType: String, Sendable, Hashable, CaseIterable {
    case object = "Object"
    case string = "String"
    case int = "Int"
    case float = "Float"
    case bool = "Bool"
    case array = "Array"
    case secureString = "SecureString"

    /// Parses a type name the way ADF accepts it: any case (`"string"` appears in exported JSON),
    /// plus the aliases `Boolean`, `Integer`, `Number`, `SecureObject` seen in Synapse and Fabric.
    public init?(adfName: String) {
        switch adfName.lowercased() {
        case "object", "secureobject": self = .object
        case "string": self = .string
        case "int", "integer", "int64", "long": self = .int
        case "float", "double", "number": self = .float
        case "bool", "boolean": self = .bool
        case "array": self = .array
        case "securestring": self = .secureString
        default: return nil
        }
    }

    /// Whether values of this type are secrets, kept out of everything a run writes.
    public var isSecret: Bool { self == .secureString }
}

/// A parameter declaration: `{"type": "String", "defaultValue": "x"}`.
public struct ParameterSpecification: Sendable, Hashable {
    public var name: String
    public var type: ParameterType
    /// `nil` when the parameter has no default and must be given a value.
    public var defaultValue: JSONValue?
    public var location: SourceLocation

    public init(name: String, type: ParameterType, defaultValue: JSONValue? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.location = location
    }

    /// Whether a value must be supplied.
    public var isRequired: Bool { defaultValue == nil }
}

/// The declared type of a pipeline variable.
public enum VariableType: String, Sendable, Hashable {
    case string = "String"
    case bool = "Bool"
    case array = "Array"
    /// Fabric's `Integer` variables, accepted as an extension.
    case integer = "Integer"

    public init?(adfName: String) {
        switch adfName.lowercased() {
        case "string": self = .string
        case "bool", "boolean": self = .bool
        case "array": self = .array
        case "integer", "int": self = .integer
        default: return nil
        }
    }

    /// The value a variable of this type has before anything is stored in it.
    public var emptyValue: JSONValue {
        switch self {
        case .string: .string("")
        case .bool: .bool(false)
        case .array: .array([])
        case .integer: .integer(0)
        }
    }

    /// Whether `value` may be stored in a variable of this type.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.bool, .bool), (.array, .array), (.integer, .integer): true
        default: false
        }
    }
}

/// A variable declaration: `{"type": "Array", "defaultValue": []}`.
public struct VariableSpecification: Sendable, Hashable {
    public var name: String
    public var type: VariableType
    public var defaultValue: JSONValue?
    public var location: SourceLocation

    public init(name: String, type: VariableType, defaultValue: JSONValue? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.location = location
    }

    /// The value the variable has when a run starts: its default, or without one the empty value of
    /// its type, as ADF starts it (a variable is never `null` in ADF; recorded in
    /// microsoft/data-factory-testing-framework#123): `""`, `false`, `0` or `[]`.
    public var initialValue: JSONValue {
        if let defaultValue { return defaultValue }
        return type.emptyValue
    }
}
