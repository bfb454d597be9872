/// Decodes `Decodable` types from a `JSONValue`, without Foundation.
///
/// Plugins and the host read typed values (an activity's `typeProperties`, a plugin's settings,
/// an operation's saved state) straight from parsed JSON. Errors name the JSON path and say what
/// was expected and what was found, e.g. `typeProperties.retries: expected an integer, found the
/// string "three"`.
///
/// Numbers convert where nothing is lost: an integer decodes as `Double`, and a number written
/// with a fraction decodes as an integer type when it is whole and in range. Nothing else is
/// coerced: a string is never read as a number or a boolean.
public struct JSONValueDecoder: Sendable {
    /// How object members are matched to coding keys.
    public enum KeyMatching: Sendable, Equatable {
        /// Keys must match exactly.
        case exact
        /// An exact match wins; otherwise keys match ignoring ASCII case, as ADF matches
        /// property names.
        case caseInsensitive
    }

    public var keyMatching: KeyMatching
    /// Written in front of every path in error messages, e.g. `"typeProperties"`.
    public var rootPath: String

    public init(keyMatching: KeyMatching = .caseInsensitive, rootPath: String = "") {
        self.keyMatching = keyMatching
        self.rootPath = rootPath
    }

    /// Decodes a `T` from `value`.
    /// - Throws: ``JSONDecodingError`` naming the path of the first value that did not fit.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(JSONDecodingError) -> T {
        do {
            return try PrimitiveReader(codingPath: [], keyMatching: keyMatching).decodable(type, value)
        } catch let error as DecodingError {
            throw JSONDecodingError(error, rootPath: rootPath)
        } catch {
            throw JSONDecodingError(kind: .invalidValue, path: rootPath, message: "\(error)")
        }
    }
}

/// Why a value could not be decoded, with the JSON path of the offending value.
public struct JSONDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mismatch it was.
    public enum Kind: Sendable, Equatable {
        /// A required member is absent.
        case missingKey
        /// The value has another JSON type than the one expected (including null).
        case typeMismatch
        /// The value has the right type but is not acceptable (out of range, unknown enum case).
        case invalidValue
    }

    public var kind: Kind
    /// The JSON path, e.g. `typeProperties.items[2].name`; empty for the root value.
    public var path: String
    /// What was expected and what was found.
    public var message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    init(_ error: DecodingError, rootPath: String) {
        switch error {
        case .keyNotFound(let key, let context):
            let path = JSONPath.text(rootPath, context.codingPath + [key])
            self.init(kind: .missingKey, path: path, message: "the required property is missing")
        case .valueNotFound(_, let context):
            self.init(
                kind: .typeMismatch, path: JSONPath.text(rootPath, context.codingPath),
                message: context.debugDescription)
        case .typeMismatch(_, let context):
            self.init(
                kind: .typeMismatch, path: JSONPath.text(rootPath, context.codingPath),
                message: context.debugDescription)
        case .dataCorrupted(let context):
            self.init(
                kind: .invalidValue, path: JSONPath.text(rootPath, context.codingPath),
                message: context.debugDescription)
        @unknown default:
            self.init(kind: .invalidValue, path: rootPath, message: "\(error)")
        }
    }
}

/// Spells coding paths the way pipehost's messages do: `a.b[2].c`.
enum JSONPath {
    static func text(_ root: String, _ codingPath: [any CodingKey]) -> String {
        var text = root
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

/// A coding key for array positions and for arbitrary member names.
struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }

    static let superKey = JSONCodingKey(stringValue: "super")
}

extension JSONValue {
    /// Describes the value for error messages: `the string "three"`, `the integer 4`, `an object`,
    /// `null`. Long strings are cut at 40 characters.
    public var briefDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return "the boolean \(flag)"
        case .integer(let number): return "the integer \(number)"
        case .double(let number): return "the number \(JSONSerializer.format(number))"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "the string \(JSONSerializer.quoted(shown))"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
