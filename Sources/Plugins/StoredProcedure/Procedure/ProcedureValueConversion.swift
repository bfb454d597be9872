import PluginKit
import PostgresSupport

/// Converts a parameter's JSON value to its declared type. ADF writes most values as strings
/// (`{"value": "1", "type": "Int"}`), and expressions may produce numbers or booleans, so both are
/// accepted; anything that does not fit is a 2105 error naming the parameter.
enum ProcedureValueConversion {
    static func convert(
        _ json: JSONValue, to type: ProcedureParameterType, parameter: String, path: String
    ) throws(ActivityFailure) -> ProcedureValue {
        if json.isNull { return .null }
        func reject(_ expected: String) -> ActivityFailure {
            .invalidProperty(
                path,
                "the parameter '\(parameter)' is declared \(type.rawValue) and needs \(expected), but its value is \(json)"
            )
        }
        switch type {
        case .int16:
            guard let number = integer(json), let value = Int16(exactly: number) else {
                throw reject("a whole number from \(Int16.min) to \(Int16.max)")
            }
            return .int16(value)
        case .int32:
            guard let number = integer(json), let value = Int32(exactly: number) else {
                throw reject("a whole number from \(Int32.min) to \(Int32.max)")
            }
            return .int32(value)
        case .int64:
            guard let number = integer(json) else { throw reject("a whole number from \(Int64.min) to \(Int64.max)") }
            return .int64(number)
        case .double:
            guard let value = double(json) else { throw reject("a number") }
            return .double(value)
        case .single:
            guard let value = double(json),
                value.isNaN || value.isInfinite || abs(value) <= Double(Float.greatestFiniteMagnitude)
            else { throw reject("a number within the range of a 32-bit float") }
            return .float(Float(value))
        case .decimal:
            guard let text = decimalText(json) else { throw reject("a decimal number such as 12.50") }
            return .text(text)
        case .boolean:
            guard let value = boolean(json) else { throw reject("true or false (or 1 or 0)") }
            return .boolean(value)
        case .guid:
            guard case .string(let text) = json, let guid = normalizedGUID(text) else {
                throw reject("a GUID such as 6f1c2d4e-0c36-4f63-9d55-2f0b3f1e9a10")
            }
            return .text(guid)
        case .byteArray:
            guard let bytes = ByteArrayText.decode(json) else {
                throw reject("bytes as 0x-prefixed hex, base64, or an array of numbers 0…255")
            }
            return .bytes(bytes)
        case .string, .date, .dateTime, .dateTimeOffset, .timeSpan:
            switch json {
            case .string(let text): return .text(text)
            case .integer, .double, .bool: return .text(json.description)
            default: throw reject("a string")
            }
        }
    }

    private static func integer(_ json: JSONValue) -> Int64? {
        switch json {
        case .integer(let value): return value
        case .double(let value): return value.rounded() == value ? Int64(exactly: value) : nil
        case .string(let text): return Int64(text.trimmingASCIISpaces())
        default: return nil
        }
    }

    private static func double(_ json: JSONValue) -> Double? {
        switch json {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        case .string(let text): return Double(text.trimmingASCIISpaces())
        default: return nil
        }
    }

    private static func boolean(_ json: JSONValue) -> Bool? {
        switch json {
        case .bool(let value): return value
        case .integer(0): return false
        case .integer(1): return true
        case .string(let text):
            switch text.trimmingASCIISpaces().lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Decimal text as written (so no digit is lost), checked to be a plain decimal number.
    private static func decimalText(_ json: JSONValue) -> String? {
        switch json {
        case .integer(let value): return "\(value)"
        case .double(let value): return value.isFinite ? json.description : nil
        case .string(let raw):
            let text = raw.trimmingASCIISpaces()
            var digits = 0
            var dots = 0
            for (index, character) in text.enumerated() {
                switch character {
                case "0"..."9": digits += 1
                case ".": dots += 1
                case "-" where index == 0, "+" where index == 0: continue
                default: return nil
                }
            }
            return digits > 0 && dots <= 1 ? text : nil
        default: return nil
        }
    }

    /// A GUID in its canonical lower-case 8-4-4-4-12 form; braces are accepted.
    private static func normalizedGUID(_ raw: String) -> String? {
        var text = Substring(raw.trimmingASCIISpaces())
        if text.hasPrefix("{") && text.hasSuffix("}") { text = text.dropFirst().dropLast() }
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12],
            groups.allSatisfy({ $0.allSatisfy(\.isHexDigit) })
        else { return nil }
        return text.lowercased()
    }
}
