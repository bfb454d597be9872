import PluginKit

/// One entry of a script block's `parameters`: `{"name", "type", "value", "direction", "size"}`.
/// The script refers to it as `@name`; it is bound as a real parameter (`$n`), never spliced in.
struct ScriptParameter: Sendable, Equatable {
    /// ADF's parameter directions.
    enum Direction: String, Sendable, Equatable, CaseIterable {
        case input = "Input"
        case output = "Output"
        case inputOutput = "InputOutput"
    }

    /// The name as written (a leading `@` is allowed and ignored when matching).
    var name: String
    var type: ProcedureParameterType
    /// The value bound; an Output parameter binds NULL of its type.
    var value: ProcedureValue
    var direction: Direction
    /// ADF's `size` for Output strings: the most characters the output keeps.
    var size: Int?

    /// The name without `@`, lower-cased, for matching `@name` in the text and result columns.
    var key: String { (name.hasPrefix("@") ? String(name.dropFirst()) : name).lowercased() }

    static func read(_ entry: JSONValue, path: String) throws(ActivityFailure) -> ScriptParameter {
        guard case .object(let object) = entry else {
            throw .wrongPropertyType(
                path, "expected an object with 'name', 'type' and 'value', found \(entry.typeName.lowercased())")
        }
        for key in object.keys where !["name", "type", "value", "direction", "size"].contains(key.lowercased()) {
            throw .invalidProperty(
                "\(path).\(key)", "a script parameter has only the members name, type, value, direction and size")
        }
        guard case .string(let name)? = object[caseInsensitive: "name"], !name.isEmpty, name != "@" else {
            throw .missingProperty("\(path).name")
        }
        let type = try ProcedureParameterType.read(object[caseInsensitive: "type"], path: "\(path).type", parameter: name) ?? .string
        var direction = Direction.input
        switch object[caseInsensitive: "direction"] {
        case nil, .null: break
        case .string(let written):
            guard let known = Direction.allCases.first(where: { asciiCaseInsensitiveEquals($0.rawValue, written) })
            else {
                throw .invalidProperty("\(path).direction", "expected Input, Output or InputOutput, found '\(written)'")
            }
            direction = known
        case .some(let other):
            throw .wrongPropertyType("\(path).direction", "expected a string, found \(other.typeName.lowercased())")
        }
        var size: Int?
        switch object[caseInsensitive: "size"] {
        case nil, .null: break
        case .integer(let number) where number >= 0 && number <= Int64(Int32.max): size = Int(number)
        case .string(let text) where Int32(text).map({ $0 >= 0 }) == true: size = Int(text)
        case .some(let other):
            throw .invalidProperty("\(path).size", "expected a whole number of characters from 0, found \(other)")
        }
        let raw = direction == .output ? JSONValue.null : (object[caseInsensitive: "value"] ?? .null)
        let value = try ProcedureValueConversion.convert(raw, to: type, parameter: name, path: "\(path).value")
        return ScriptParameter(name: name, type: type, value: value, direction: direction, size: size)
    }
}
