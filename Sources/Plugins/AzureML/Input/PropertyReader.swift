import PluginKit

/// A JSON value together with the path it was read from, so that every complaint about the
/// activity's input names the property as ADF would (`typeProperties.webServiceInputs.input1.filePath`).
///
/// Member names match ignoring ASCII case, as ADF's do (documents write `filePath` and `FilePath`);
/// map keys chosen by the user (web service input names, parameter names) keep their case.
struct PropertyReader: Sendable {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    /// The member `name`, matched ignoring case; nil when absent or null.
    func member(_ name: String) -> PropertyReader? {
        guard case .object(let object) = value, let found = object.member(caseInsensitive: name) else { return nil }
        if found.value.isNull { return nil }
        return PropertyReader(found.value, path: "\(path).\(found.key)")
    }

    /// The member `name`, which must be present.
    func required(_ name: String) throws(ActivityFailure) -> PropertyReader {
        guard let member = member(name) else { throw .missingProperty("\(path).\(name)") }
        return member
    }

    /// The value as a non-empty string.
    func string() throws(ActivityFailure) -> String {
        guard let text = value.stringValue else {
            throw .wrongPropertyType(path, "expected a string, found \(Self.describe(value))")
        }
        guard !text.isEmpty else { throw .invalidProperty(path, "the value is empty") }
        return text
    }

    /// The value as text: a string as it is, a number or boolean written as JSON writes it.
    /// ADF sends web service parameters as strings; pipelines sometimes give numbers.
    func scalarText() throws(ActivityFailure) -> String {
        switch value {
        case .string(let text): return text
        case .integer, .double, .bool: return value.description
        default: throw .wrongPropertyType(path, "expected a string, found \(Self.describe(value))")
        }
    }

    /// The members of an object, in the order written, with their exact keys.
    func members() throws(ActivityFailure) -> [(key: String, value: PropertyReader)] {
        guard case .object(let object) = value else {
            throw .wrongPropertyType(path, "expected an object, found \(Self.describe(value))")
        }
        return object.members.map { member in (member.key, PropertyReader(member.value, path: "\(path).\(member.key)")) }
    }

    /// A short description of a JSON value for messages, never its content (it may be a secret).
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
