import NIOCore
import PostgresNIO

/// Reads one value of a result row, in PostgreSQL's binary (or text) wire format, into a
/// ``PostgresValue``.
///
/// Dates and times become ISO 8601 text (`2024-05-01`, `2024-05-01T10:20:30.5`, `…Z` for
/// `timestamptz`, which the server sends in UTC), `numeric` its exact decimal text, intervals .NET
/// TimeSpan text (`1.02:03:04`), arrays PostgreSQL's `{…}` text. A value whose bytes do not fit its
/// type is reported with the column's name, never guessed.
public enum PostgresValueDecoding {
    /// Why a value could not be read.
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func value(_ bytes: ByteBuffer?, type: PostgresColumnType, format: PostgresFormat) throws(Malformed)
        -> PostgresValue
    {
        guard var buffer = bytes else { return .null }
        if format == .text {
            let text = buffer.readString(length: buffer.readableBytes) ?? ""
            return textValue(text, type: type)
        }
        return try binaryValue(&buffer, type: type)
    }

    /// A value the server sent as text (only for types read in text format).
    private static func textValue(_ text: String, type: PostgresColumnType) -> PostgresValue {
        switch type {
        case .boolean: return .boolean(text == "t" || text == "true")
        case .int16, .int32, .int64: return Int64(text).map(PostgresValue.integer) ?? .string(text)
        case .single, .double: return Double(text).map(PostgresValue.double) ?? .string(text)
        case .numeric: return .decimal(text)
        default: return .string(text)
        }
    }

    static func binaryValue(_ buffer: inout ByteBuffer, type: PostgresColumnType) throws(Malformed) -> PostgresValue {
        // Described only when it happens: interpolating the type for every value cost a third of a
        // 5,000-row Lookup.
        let size = buffer.readableBytes
        var tooShort: Malformed { Malformed(description: "a \(type) value of \(size) bytes is too short") }
        func need(_ count: Int) throws(Malformed) {
            guard buffer.readableBytes >= count else { throw tooShort }
        }
        func read<Integer: FixedWidthInteger>(_: Integer.Type) throws(Malformed) -> Integer {
            guard let value = buffer.readInteger(as: Integer.self) else { throw tooShort }
            return value
        }
        switch type {
        case .boolean:
            try need(1)
            return .boolean(try read(UInt8.self) != 0)
        case .int16:
            try need(2)
            return .integer(Int64(try read(Int16.self)))
        case .int32:
            try need(4)
            return .integer(Int64(try read(Int32.self)))
        case .int64:
            try need(8)
            return .integer(try read(Int64.self))
        case .single:
            try need(4)
            return .double(Double(Float(bitPattern: try read(UInt32.self))))
        case .double:
            try need(8)
            return .double(Double(bitPattern: try read(UInt64.self)))
        case .numeric:
            return try .decimal(numericText(&buffer))
        case .text, .json, .other:
            return .string(buffer.readString(length: buffer.readableBytes) ?? "")
        case .jsonb:
            try need(1)
            buffer.moveReaderIndex(forwardBy: 1)  // the jsonb format version, 1
            return .string(buffer.readString(length: buffer.readableBytes) ?? "")
        case .date:
            try need(4)
            let days = try read(Int32.self)
            if days == .max { return .dateTime("infinity") }
            if days == .min { return .dateTime("-infinity") }
            return .dateTime(dateText(daysSince2000: Int64(days)))
        case .time:
            try need(8)
            return .string(timeOfDayText(microseconds: try read(Int64.self)))
        case .timeWithZone:
            try need(12)
            let microseconds = try read(Int64.self)
            // The zone is stored west-positive: +02:00 is -7200.
            let zone = -Int64(try read(Int32.self))
            return .dateTime(timeOfDayText(microseconds: microseconds) + offsetText(seconds: zone))
        case .timestamp, .timestampWithZone:
            try need(8)
            let microseconds = try read(Int64.self)
            if microseconds == .max { return .dateTime("infinity") }
            if microseconds == .min { return .dateTime("-infinity") }
            let text = timestampText(microsecondsSince2000: microseconds)
            return .dateTime(type == .timestampWithZone ? text + "Z" : text)
        case .interval:
            try need(16)
            let microseconds = try read(Int64.self)
            let days = Int64(try read(Int32.self))
            let months = Int64(try read(Int32.self))
            return .string(timeSpanText(microseconds: microseconds, days: days + 30 * months))
        case .uuid:
            try need(16)
            guard let bytes = buffer.readBytes(length: 16) else { throw tooShort }
            let hex = bytes.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }
            let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
            return .string(groups.joined(separator: "-"))
        case .bytea:
            return .bytes(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .array:
            return .string(try PostgresArrayText.text(&buffer))
        }
    }

    /// `numeric`'s binary form (base-10000 digits, a weight, a sign and a display scale) as text.
    static func numericText(_ buffer: inout ByteBuffer) throws(Malformed) -> String {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
            let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: Int16.self),
            count >= 0, scale >= 0, buffer.readableBytes >= Int(count) * 2
        else { throw Malformed(description: "a numeric value is malformed") }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int] = []
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self) else {
                throw Malformed(description: "a numeric value is malformed")
            }
            digits.append(Int(digit))
        }
        func digit(_ index: Int) -> Int { index >= 0 && index < digits.count ? digits[index] : 0 }
        func padded(_ value: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: 4 - text.count) + text
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(digit(0))
            if weight > 0 { for index in 1...Int(weight) { text += padded(digit(index)) } }
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += padded(digit(index))
                index += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text == "-0" ? "0" : text
    }

    /// `YYYY-MM-DD` for a day count from 2000-01-01 (proleptic Gregorian, as PostgreSQL counts).
    static func dateText(daysSince2000: Int64) -> String {
        // Howard Hinnant's civil_from_days, from 1970-01-01.
        let z = daysSince2000 + 10957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]` for microseconds from 2000-01-01 00:00:00.
    static func timestampText(microsecondsSince2000 value: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = value / perDay
        var rest = value % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        return dateText(daysSince2000: days) + "T" + timeOfDayText(microseconds: rest)
    }

    /// `HH:MM:SS[.ffffff]`, trailing zeros of the fraction dropped.
    static func timeOfDayText(microseconds value: Int64) -> String {
        let seconds = value / 1_000_000
        let fraction = value % 1_000_000
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// .NET's TimeSpan text, `[-][d.]hh:mm:ss[.fffffff]`; a month counts 30 days, as Npgsql reads it.
    static func timeSpanText(microseconds: Int64, days: Int64) -> String {
        let (total, overflow) = days.multipliedReportingOverflow(by: 86_400_000_000)
        let (sum, overflowSum) = total.addingReportingOverflow(microseconds)
        guard !overflow, !overflowSum else { return "\(days) days \(microseconds) microseconds" }
        let negative = sum < 0
        let magnitude = sum.magnitude
        let wholeDays = magnitude / 86_400_000_000
        let rest = Int64(magnitude % 86_400_000_000)
        var text = negative ? "-" : ""
        if wholeDays > 0 { text += "\(wholeDays)." }
        text += timeOfDayText(microseconds: rest)
        return text
    }

    /// `+HH:MM` / `-HH:MM` for an offset east of UTC in seconds.
    static func offsetText(seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
