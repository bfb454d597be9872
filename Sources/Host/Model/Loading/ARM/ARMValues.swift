import PipehostJSON

/// How ARM converts and inspects values: text for `concat`/`string`/`format`, property and index
/// access, truthiness checks of arguments.
enum ARMValues {
    /// The text ARM makes of a value: strings as they are, `True`/`False` for booleans (ARM's
    /// .NET spelling), numbers in decimal, arrays and objects as compact JSON, null as nothing.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .integer(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .null: ""
        case .array, .object: JSONSerializer.serialize(value)
        }
    }

    /// `value.name`: object members are found by exact name, then without regard to case (ARM's
    /// property names are case-insensitive).
    static func property(_ name: String, of value: JSONValue) throws(ARMExpressionError) -> JSONValue {
        guard case .object(let object) = value else { throw .notIndexable(typeName: value.typeName) }
        if let exact = object[name] { return exact }
        guard let member = object.member(caseInsensitive: name) else {
            throw .noSuchProperty(name: name, available: object.members.map(\.key))
        }
        return member.value
    }

    /// `value[index]`: an array element by integer, an object member by string.
    static func element(_ index: JSONValue, of value: JSONValue) throws(ARMExpressionError) -> JSONValue {
        switch (value, index) {
        case (.array(let elements), .integer(let position)):
            guard position >= 0, position < Int64(elements.count) else {
                throw .indexOutOfRange(index: position, count: elements.count)
            }
            return elements[Int(position)]
        case (.object, .string(let name)):
            return try property(name, of: value)
        case (.array, _):
            throw .argumentType(function: "[]", position: 1, expected: "an integer index", found: ARMValues.typeName(index))
        case (.object, _):
            throw .argumentType(function: "[]", position: 1, expected: "a property name", found: ARMValues.typeName(index))
        default:
            throw .notIndexable(typeName: value.typeName)
        }
    }

    /// ARM's type names for messages (`string`, `int`, `bool`, `array`, `object`, `null`).
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a bool"
        case .integer: "an int"
        case .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
