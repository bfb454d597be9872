/// A parameter value converted to its declared type, ready for either backend.
public enum ProcedureValue: Sendable, Hashable {
    case null
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case float(Float)
    case boolean(Bool)
    /// Text for String, Guid, dates, times and decimals (decimals stay exact as text).
    case text(String)
    case bytes([UInt8])

    /// A short rendering for logs and outputs (never used for secrets: parameters are not secret).
    var summary: String {
        switch self {
        case .null: "NULL"
        case .int16(let value): "\(value)"
        case .int32(let value): "\(value)"
        case .int64(let value): "\(value)"
        case .double(let value): "\(value)"
        case .float(let value): "\(value)"
        case .boolean(let value): value ? "true" : "false"
        case .text(let value): value
        case .bytes(let value): "\(value.count) bytes"
        }
    }
}
