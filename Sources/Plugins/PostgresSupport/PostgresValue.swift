import Foundation
import PluginKit

/// One value of a result row as ``PostgresValueDecoding`` reads it: the kinds ADF's interim types
/// need, with decimals and date-times kept as their exact text.
public enum PostgresValue: Sendable, Equatable {
    case null
    case string(String)
    case boolean(Bool)
    case integer(Int64)
    case double(Double)
    /// An exact decimal as text (`"12.50"`).
    case decimal(String)
    /// A date, date-time or date-time with offset as ISO 8601 text.
    case dateTime(String)
    case bytes([UInt8])

    /// The value as JSON, as activity outputs write it: numbers and booleans as such, decimals as
    /// numbers when a double holds them exactly enough to print back, bytes base64.
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .string(let text), .dateTime(let text): return .string(text)
        case .boolean(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .double(let value): return value.isFinite ? .double(value) : .string(String(value))
        case .decimal(let text):
            if let value = Double(text), value.isFinite, Self.printsBack(value, as: text) { return .double(value) }
            return .string(text)
        case .bytes(let bytes): return .string(Data(bytes).base64EncodedString())
        }
    }

    /// The value as text; nil for null. Booleans as `True`/`False`, as .NET writes them.
    public var text: String? {
        switch self {
        case .null: return nil
        case .string(let text), .decimal(let text), .dateTime(let text): return text
        case .boolean(let value): return value ? "True" : "False"
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .bytes(let bytes): return Data(bytes).base64EncodedString()
        }
    }

    /// Whether `value` stands for the decimal `text` without losing digits (`12.50` is 12.5).
    private static func printsBack(_ value: Double, as text: String) -> Bool {
        var digits = text.filter { $0 != "-" && $0 != "+" }
        if digits.contains(".") {
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        while digits.count > 1 && digits.hasPrefix("0") && !digits.hasPrefix("0.") { digits.removeFirst() }
        let significant = digits.filter(\.isNumber).drop { $0 == "0" }.count
        return significant <= 15
    }
}
