import Foundation

/// A JSON value as it travels on the wire, with objects kept in insertion order.
///
/// The emulator reads request bodies into this type (so that it can look property names up the way
/// the real service did, case-insensitively) and writes responses from it (so that `null` fields such as
/// `"Results": null` are written explicitly and field order matches Microsoft's samples).
enum WireJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WireJSON])
    case object([(String, WireJSON)])

    static func == (lhs: WireJSON, rhs: WireJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Parses UTF-8 JSON text; `nil` when the bytes are not one valid JSON value.
    static func parse(_ data: Data) -> WireJSON? {
        try? JSONDecoder().decode(DecodedValue.self, from: data).value
    }

    /// The value of a property, matching its name exactly first and then ignoring case, as the
    /// .NET serializer behind the real service did.
    subscript(property name: String) -> WireJSON? {
        guard case .object(let members) = self else { return nil }
        if let exact = members.first(where: { $0.0 == name }) { return exact.1 }
        return members.first(where: { $0.0.caseInsensitiveCompare(name) == .orderedSame })?.1
    }

    /// Whether the object has a property of that name (any case), even one whose value is `null`.
    func hasProperty(_ name: String) -> Bool { self[property: name] != nil }

    /// The string, if this is a string.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    var objectMembers: [(String, WireJSON)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var isNull: Bool { self == .null }

    /// A short description of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Compact JSON text.
    var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
            } else if value.isFinite {
                output += "\(value)"
            } else {
                output += "null"
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.0, to: &output)
                output += ":"
                member.1.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output += String(format: "\\u%04x", control.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension WireJSON: ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(nilLiteral: ()) { self = .null }
}

extension WireJSON {
    /// `.string(value)` or `.null` when the value is absent.
    static func optional(_ value: String?) -> WireJSON { value.map(WireJSON.string) ?? .null }
}

/// Decodes any JSON value through `JSONDecoder`, which reports malformed text reliably on every platform.
private struct DecodedValue: Decodable {
    let value: WireJSON

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [WireJSON] = []
            while !array.isAtEnd { items.append(try array.decode(DecodedValue.self).value) }
            value = .array(items)
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            // Keyed containers do not keep the text's order; sorting makes the result deterministic.
            var members: [(String, WireJSON)] = []
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append((key.stringValue, try object.decode(DecodedValue.self, forKey: key).value))
            }
            value = .object(members)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let bool = try? single.decode(Bool.self) {
                value = .bool(bool)
            } else if let number = try? single.decode(Double.self) {
                value = .number(number)
            } else {
                value = .string(try single.decode(String.self))
            }
        }
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
