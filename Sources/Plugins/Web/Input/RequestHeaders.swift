import PluginKit

/// The `headers` of a Web, WebHook or Azure Function activity: an object of name → value, or
/// the `[{"name": …, "value": …}]` array the newer ADF authoring UI writes. Values are strings
/// (numbers and booleans are sent as their JSON text) or SecureString objects.
struct RequestHeaders: Sendable, Equatable {
    var fields: [(name: String, value: String)] = []

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    init() {}

    init(_ value: JSONValue?, path: String) throws(ActivityFailure) {
        switch value {
        case nil, .null?:
            return
        case .object(let object)?:
            for (name, member) in object {
                try add(name, member, path: "\(path).\(name)")
            }
        case .array(let entries)?:
            for (index, entry) in entries.enumerated() {
                let entryPath = "\(path)[\(index)]"
                let reader = try PropertyReader(entry, path: entryPath)
                let name = try reader.requiredString("name")
                try add(name, reader.value("value") ?? .string(""), path: reader.path("value"))
            }
        case .string(let text)? where text.trimmingWhitespace().isEmpty:
            return
        case .string(let text)?:
            // An expression that produced the object as text, e.g. @string(…).
            guard let parsed = try? JSONParser.parse(text), case .object = parsed else {
                throw .wrongPropertyType(
                    path, "expected an object of header names and values, found a string that is not one")
            }
            self = try RequestHeaders(parsed, path: path)
        case let other?:
            throw .wrongPropertyType(
                path, "expected an object of header names and values, found \(other.typeName.lowercased())")
        }
    }

    private mutating func add(_ name: String, _ value: JSONValue, path: String) throws(ActivityFailure) {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
            throw .invalidProperty(path, "'\(name)' is not a valid HTTP header name")
        }
        let text: String
        switch value {
        case .integer, .double, .bool: text = JSONSerializer.serialize(value)
        default: text = try PropertyReader.secretText(value, path: path)
        }
        guard !text.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 0 }) else {
            throw .invalidProperty(path, "a header value must not contain line breaks")
        }
        fields.append((name, text))
    }

    /// The first value of `name`, ignoring case.
    func first(_ name: String) -> String? {
        fields.first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    func contains(_ name: String) -> Bool { first(name) != nil }

    /// Sets `name` (replacing every earlier value).
    mutating func set(_ name: String, _ value: String) {
        fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
        fields.append((name, value))
    }

    mutating func remove(_ name: String) {
        fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// Values that must never be shown: credentials in Authorization-like headers and every
    /// header given as a SecureString. Used to scrub error messages.
    var sensitiveValues: [String] {
        fields.filter { Self.isSensitive($0.name) }.map(\.value)
    }

    static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "authorization" || lower == "proxy-authorization" || lower.contains("key")
            || lower.contains("token") || lower.contains("secret") || lower == "cookie"
    }
}
