import Foundation
import PipehostJSON

/// One value of a row on its way from a source to a sink, in the shape of an interim type.
///
/// Text sources (CSV, JSON strings) give `.string` until a schema or translator asks for a
/// conversion; typed sources (PostgreSQL) give the value's own kind. Decimals and date-times keep
/// their exact text so that no precision or offset is lost between stores.
enum Cell: Sendable, Equatable {
    case null
    case string(String)
    case boolean(Bool)
    case integer(Int64)
    case double(Double)
    /// An exact decimal as text (`"12.50"`).
    case decimal(String)
    /// A date, date-time or date-time with offset as ISO 8601 text (`"2024-05-01T10:00:00Z"`).
    case dateTime(String)
    case bytes([UInt8])

    /// The value as JSON, as Lookup's output and JSON sinks write it: numbers and booleans as
    /// such, decimals as numbers when they fit a double exactly enough to print back, bytes base64.
    var json: JSONValue {
        switch self {
        case .null: return .null
        case .string(let text): return .string(text)
        case .boolean(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .double(let value): return .double(value)
        case .decimal(let text): return Double(text).map(JSONValue.double) ?? .string(text)
        case .dateTime(let text): return .string(text)
        case .bytes(let bytes): return .string(Data(bytes).base64EncodedString())
        }
    }

    /// The value as text, as delimited-text sinks and `COPY … FROM STDIN` write it; nil for null.
    var text: String? {
        switch self {
        case .null: return nil
        case .string(let text), .decimal(let text), .dateTime(let text): return text
        case .boolean(let value): return value ? "True" : "False"
        case .integer(let value): return String(value)
        case .double(let value): return Self.format(value)
        case .bytes(let bytes): return Data(bytes).base64EncodedString()
        }
    }

    /// Doubles print without a trailing `.0` for whole values, as .NET does (`2`, `2.5`).
    private static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
