/// A JSON value that keeps what ADF cares about: integers apart from floating-point numbers,
/// and the order of object members as they were written.
///
/// `PipehostJSON` imports nothing, not even Foundation, so that plugins built on PluginKit stay
/// light; the host and every plugin link their own copy and only bytes cross between them.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The name ADF uses for this value's type in messages (`String`, `Integer`, `Float`, …).
    public var typeName: String {
        switch self {
        case .null: "Null"
        case .bool: "Boolean"
        case .integer: "Integer"
        case .double: "Float"
        case .string: "String"
        case .array: "Array"
        case .object: "Object"
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as a `Double` when it is any number.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Member lookup with the exact key; `nil` when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Element lookup; `nil` when this is not an array or the index is out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String { JSONSerializer.serialize(self) }
}

extension JSONValue {
    /// Whether arrays and objects nest more than `limit` levels deep (a scalar is level 0, `[1]`
    /// level 1). Found with an explicit stack: the question is asked of values too deep to walk
    /// recursively.
    public func nests(deeperThan limit: Int) -> Bool {
        var pending: [(value: JSONValue, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let elements):
                guard depth < limit else { return true }
                for element in elements { pending.append((element, depth + 1)) }
            case .object(let object):
                guard depth < limit else { return true }
                for member in object.members { pending.append((member.value, depth + 1)) }
            default:
                continue
            }
        }
        return false
    }
}
