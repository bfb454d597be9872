/// Encodes `Encodable` values to a `JSONValue`, without Foundation.
///
/// Object members keep the order in which `encode(to:)` wrote them, integers stay integers, and a
/// `JSONValue` or `JSONObject` inside the value is copied as it is. A type that requests no
/// container encodes as `{}`, as Foundation's encoder does.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// Encodes `value`.
    /// - Throws: ``JSONEncodingError`` for values JSON cannot hold (a NaN or infinite number) or an
    ///   error the value's own `encode(to:)` threw, with the path where it happened.
    public func encode<T: Encodable>(_ value: T) throws(JSONEncodingError) -> JSONValue {
        do {
            return try EncodingNode.encode(value, codingPath: []).resolved()
        } catch let error as EncodingError {
            switch error {
            case .invalidValue(_, let context):
                throw JSONEncodingError(path: JSONPath.text("", context.codingPath), message: context.debugDescription)
            @unknown default:
                throw JSONEncodingError(path: "", message: "\(error)")
            }
        } catch {
            throw JSONEncodingError(path: "", message: "\(error)")
        }
    }
}

/// Why a value could not be encoded.
public struct JSONEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the value, e.g. `metrics.accuracy`; empty for the root.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// What an encoder produced. Containers are classes because `Encoder` hands out nested containers
/// that the caller keeps writing into after the call that created them returned.
enum EncodingNode {
    case value(JSONValue)
    case object(ObjectNode)
    case array(ArrayNode)
    /// A sub-encoder whose container is requested later (`superEncoder`).
    case pending(ValueEncoder)

    func resolved() -> JSONValue {
        switch self {
        case .value(let value): value
        case .object(let node):
            .object(JSONObject(uniqueMembers: node.members.map { (key: $0.key, value: $0.node.resolved()) }))
        case .array(let node): .array(node.elements.map { $0.resolved() })
        case .pending(let encoder): encoder.node?.resolved() ?? .object(JSONObject())
        }
    }

    /// Encodes any `Encodable`, short-cutting the JSON types and the primitives.
    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingNode {
        if let json = value as? JSONValue { return .value(json) }
        if let object = value as? JSONObject { return .value(.object(object)) }
        let encoder = ValueEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.node ?? .value(.object(JSONObject()))
    }

    static func number(_ value: Double, codingPath: [any CodingKey]) throws -> EncodingNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: codingPath, debugDescription: "JSON cannot hold the number \(value)"))
        }
        return .value(.double(value))
    }

    static func integer<T: FixedWidthInteger>(_ value: T) -> EncodingNode {
        if let exact = Int64(exactly: value) { return .value(.integer(exact)) }
        return .value(.double(Double(value)))
    }

    /// A `Float` written through its shortest decimal form, so `0.1` stays `0.1` and does not
    /// become `0.10000000149011612`.
    static func float(_ value: Float, codingPath: [any CodingKey]) throws -> EncodingNode {
        try number(Double("\(value)") ?? Double(value), codingPath: codingPath)
    }
}

final class ObjectNode {
    var members: [(key: String, node: EncodingNode)] = []

    func set(_ key: String, _ node: EncodingNode) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].node = node
        } else {
            members.append((key, node))
        }
    }

    func node(for key: String) -> EncodingNode? {
        members.first { $0.key == key }?.node
    }
}

final class ArrayNode {
    var elements: [EncodingNode] = []
}

/// The `Encoder` behind ``JSONValueEncoder``: one per value being encoded.
final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What this encoder produced; nil until a container is requested.
    var node: EncodingNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectNode
        if case .object(let existing) = node {
            object = existing
        } else {
            object = ObjectNode()
            node = .object(object)
        }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = node {
            array = existing
        } else {
            array = ArrayNode()
            node = .array(array)
        }
        return UnkeyedNodeContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeContainer(encoder: self)
    }
}
