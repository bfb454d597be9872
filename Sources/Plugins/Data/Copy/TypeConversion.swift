import Foundation

/// Converts a cell to an interim type, as a translator's `typeConversion` or a sink column's
/// `type` asks. Text is read in the invariant culture; `typeConversionSettings.treatBooleanAsNumber`
/// writes booleans as 1/0.
enum TypeConversion {
    /// The converted cell, or nil when `cell` cannot be converted (the caller fails or skips).
    static func convert(_ cell: Cell, to type: InterimType, booleanAsNumber: Bool = false) -> Cell? {
        if case .null = cell { return .null }
        if case .string(let raw) = cell, raw.isEmpty, type != .string { return .null }
        switch type {
        case .string:
            if booleanAsNumber, case .boolean(let flag) = cell { return .string(flag ? "1" : "0") }
            return cell.text.map(Cell.string) ?? .null
        case .boolean:
            switch cell {
            case .boolean: return cell
            case .integer(let number): return .boolean(number != 0)
            case .string(let text):
                switch text.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true", "1": return .boolean(true)
                case "false", "0": return .boolean(false)
                default: return nil
                }
            default: return nil
            }
        case .byte, .int16, .int32, .int64:
            let limits: ClosedRange<Int64> =
                switch type {
                case .byte: 0...255
                case .int16: Int64(Int16.min)...Int64(Int16.max)
                case .int32: Int64(Int32.min)...Int64(Int32.max)
                default: Int64.min...Int64.max
                }
            let number: Int64?
            switch cell {
            case .integer(let value): number = value
            case .boolean(let flag): number = flag ? 1 : 0
            case .double(let value) where value == value.rounded() && abs(value) < 9.2e18: number = Int64(value)
            case .string(let text), .decimal(let text): number = Int64(text.trimmingCharacters(in: .whitespaces))
            default: number = nil
            }
            guard let number, limits.contains(number) else { return nil }
            return .integer(number)
        case .double, .single:
            switch cell {
            case .double: return cell
            case .integer(let value): return .double(Double(value))
            case .string(let text), .decimal(let text):
                return Double(text.trimmingCharacters(in: .whitespaces)).map(Cell.double)
            default: return nil
            }
        case .decimal:
            switch cell {
            case .integer(let value): return .decimal(String(value))
            case .double(let value): return .decimal(String(value))
            case .decimal: return cell
            case .string(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) != nil
                    && trimmed.allSatisfy({ "0123456789.-+eE".contains($0) }) ? .decimal(trimmed) : nil
            default: return nil
            }
        case .date, .dateTime, .dateTimeOffset:
            guard let text = cell.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            if ISODates.parse(text) != nil || ISODates.parse(text.replacingOccurrences(of: " ", with: "T")) != nil
                || (type == .date && ISODates.parse(text + "T00:00:00Z") != nil)
            {
                return .dateTime(text)
            }
            return nil
        case .guid:
            guard let text = cell.text, UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) != nil else { return nil }
            return .string(text)
        case .byteArray:
            switch cell {
            case .bytes: return cell
            case .string(let text): return Data(base64Encoded: text).map { .bytes([UInt8]($0)) } ?? .bytes(Array(text.utf8))
            default: return nil
            }
        case .timeSpan:
            return cell.text.map(Cell.string)
        }
    }
}
