/// Dates and times as Parquet stores them (days and units since 1970-01-01, INT96's Julian day and
/// nanoseconds) and as the copy carries them (ISO 8601 text).
enum ParquetTime {
    static let nanosPerDay: Int64 = 86_400_000_000_000
    /// INT96's Julian day number of 1970-01-01.
    static let julianEpochDay: Int64 = 2_440_588

    /// `YYYY-MM-DD` for days since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func dateText(days: Int64) -> String {
        let (year, month, day) = civil(days: days)
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fffffffff]` (trailing zeros dropped), with `Z` when `utc`.
    static func timestampText(_ value: Int64, unit: ParquetTimeUnit, utc: Bool) -> String {
        let perSecond: Int64 = unit == .millis ? 1000 : unit == .micros ? 1_000_000 : 1_000_000_000
        var seconds = value / perSecond
        var fraction = value % perSecond
        if fraction < 0 {
            fraction += perSecond
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        return dateText(days: days) + "T" + clockText(seconds: secondOfDay, fraction: fraction, unit: unit)
            + (utc ? "Z" : "")
    }

    /// INT96 (nanoseconds of the day, then the Julian day, little-endian) as a timestamp.
    static func int96Text(_ bytes: [UInt8]) -> String {
        var nanos: UInt64 = 0
        for index in 0..<8 { nanos |= UInt64(bytes[index]) << UInt64(8 * index) }
        var julian: UInt32 = 0
        for index in 0..<4 { julian |= UInt32(bytes[8 + index]) << UInt32(8 * index) }
        let days = Int64(julian) - julianEpochDay
        let inDay = Int64(min(nanos, UInt64(nanosPerDay - 1)))
        return dateText(days: days) + "T"
            + clockText(seconds: inDay / 1_000_000_000, fraction: inDay % 1_000_000_000, unit: .nanos)
    }

    /// A time of day as .NET's TimeSpan prints it, `HH:MM:SS[.fffffff]`.
    static func timeText(_ value: Int64, unit: ParquetTimeUnit) -> String {
        let perSecond: Int64 = unit == .millis ? 1000 : unit == .micros ? 1_000_000 : 1_000_000_000
        let clamped = max(0, value)
        return clockText(seconds: clamped / perSecond, fraction: clamped % perSecond, unit: unit)
    }

    private static func clockText(seconds: Int64, fraction: Int64, unit: ParquetTimeUnit) -> String {
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, unit == .millis ? 3 : unit == .micros ? 6 : 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a civil date (days_from_civil).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A parsed date-time: days since 1970-01-01, microseconds into the day, and the offset in
    /// seconds when the text had one (`Z` is 0).
    struct Parsed: Equatable {
        var days: Int64
        var microseconds: Int64
        var offsetSeconds: Int64?

        /// Microseconds since 1970-01-01T00:00:00 UTC (the offset applied).
        var utcMicroseconds: Int64 {
            days * 86_400_000_000 + microseconds - (offsetSeconds ?? 0) * 1_000_000
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fraction]]` and `Z` or
    /// `±HH:MM`; nil for anything else.
    static func parse(_ text: String) -> Parsed? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var parsed = Parsed(days: days(year: year, month: month, day: day), microseconds: 0, offsetSeconds: nil)
        guard index < bytes.count else { return parsed }
        guard expect(84) || expect(32), let hour = number(2), expect(58), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        var micros: Int64 = 0
        if expect(58) {
            guard let value = number(2), value < 61 else { return nil }
            second = min(value, 59)
            if expect(46) {
                var digits = 0
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 6)..<6 { micros *= 10 }
            }
        }
        parsed.microseconds = ((hour * 60 + minute) * 60 + second) * 1_000_000 + micros
        guard index < bytes.count else { return parsed }
        if expect(90) {
            parsed.offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {
            let sign: Int64 = bytes[index] == 45 ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(58)
            guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            parsed.offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return index == bytes.count ? parsed : nil
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
