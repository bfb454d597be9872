/// Reads timestamps the way ADF's date functions accept them (.NET `DateTime.Parse` in en-US with
/// round-trip kind): ISO 8601 (`2018-03-15`, `2018-03-15T13:00:00.1234567Z`, `… 13:00 +05:30`),
/// US dates (`03/15/2018 1:00 PM`), month names (`March 15, 2018`, `15 Mar 2018`,
/// `Thu, 15 Mar 2018 13:00:00 GMT`) and times alone (today's date from the environment's clock).
enum TimestampParser {
    /// The timestamp in `text`, or nil when it is not one. `today` supplies the date for a time
    /// written alone and the year for `M/d`.
    static func parse(_ text: String, today: () -> Timestamp) -> Timestamp? {
        if let fast = text.utf8.withContiguousStorageIfAvailable(parseRoundTrip), let time = fast { return time }
        var scanner = DateScanner(text)
        scanner.skipSpaces()
        if let result = parseISO(&scanner) ?? parseNumericDate(&scanner, today: today)
            ?? parseNamedMonth(&scanner, today: today) ?? parseTimeOnly(&scanner, today: today)
        {
            return result
        }
        return nil
    }

    // MARK: Forms

    /// The common machine-written form, `yyyy-MM-dd[THH:mm[:ss[.fffffff]]][Z|±hh:mm]`, read without
    /// copying; anything else (or anything invalid) is left to the general forms below, which accept
    /// the same texts with the same results.
    private static func parseRoundTrip(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let count = bytes.count
        guard count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= count else { return nil }
            var value = 0
            for index in start..<(start + length) {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction: Int64 = 0
        var index = 10
        if index < count {
            guard bytes[index] == UInt8(ascii: "T"), let h = digits(11, 2), count > 13, bytes[13] == UInt8(ascii: ":"),
                let m = digits(14, 2)
            else { return nil }
            hour = h
            minute = m
            index = 16
            if index < count, bytes[index] == UInt8(ascii: ":") {
                guard let s = digits(17, 2) else { return nil }
                second = s
                index = 19
                if index < count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    var length = 0
                    while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39, length < 7 {
                        fraction = fraction * 10 + Int64(bytes[index] - 0x30)
                        index += 1
                        length += 1
                    }
                    guard length > 0, !(index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39) else {
                        return nil
                    }
                    for _ in length..<7 { fraction *= 10 }
                }
            }
        }
        var kind = Timestamp.Kind.unspecified
        var offsetMinutes = 0
        if index < count {
            if bytes[index] == UInt8(ascii: "Z"), index + 1 == count {
                kind = .utc
            } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == count,
                bytes[index + 3] == UInt8(ascii: ":"), let h = digits(index + 1, 2), let m = digits(index + 4, 2),
                m < 60, h * 60 + m <= 14 * 60
            {
                offsetMinutes = (h * 60 + m) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
                kind = .local
            } else {
                return nil
            }
        }
        guard index == 10 || count >= 16,
            var time = Timestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction,
                kind: kind == .local ? .unspecified : kind)
        else { return nil }
        if kind == .local {
            guard let shifted = time.adding(ticks: -Int64(offsetMinutes) * Timestamp.ticksPerMinute) else { return nil }
            time = shifted
            time.kind = .local
        }
        return time
    }

    /// `yyyy-M-d`, `yyyy/M/d`, `yyyy-M` with an optional time and zone.
    private static func parseISO(_ scanner: inout DateScanner) -> Timestamp? {
        var s = scanner
        guard let year = s.digits(exactly: 4), let separator = s.take(oneOf: "-/"),
            let month = s.digits(1...2)
        else { return nil }
        var day = 1
        if s.take(oneOf: separator == UInt8(ascii: "-") ? "-" : "/") != nil {
            guard let value = s.digits(1...2) else { return nil }
            day = value
        }
        var time = TimeOfDay()
        if s.take(oneOf: "Tt") != nil {
            guard let parsed = parseTime(&s, strictHour: true) else { return nil }
            time = parsed
        } else if s.skipSpaces(), !s.atEnd {
            guard let parsed = parseTime(&s, strictHour: false) else { return nil }
            time = parsed
        }
        s.skipSpaces()
        guard s.atEnd else { return nil }
        return time.timestamp(year: year, month: month, day: day)
    }

    /// `M/d/yyyy`, `M/d/yy`, `M/d` with an optional time and zone.
    private static func parseNumericDate(_ scanner: inout DateScanner, today: () -> Timestamp) -> Timestamp? {
        var s = scanner
        guard let month = s.digits(1...2), s.take(oneOf: "/-") != nil, let day = s.digits(1...2) else { return nil }
        var year = today().fields.year
        if s.take(oneOf: "/-") != nil {
            let start = s.index
            guard let value = s.digits(1...4) else { return nil }
            year = s.index - start <= 2 ? twoDigitYear(value) : value
        }
        var time = TimeOfDay()
        if s.skipSpaces(), !s.atEnd {
            guard let parsed = parseTime(&s, strictHour: false) else { return nil }
            time = parsed
        }
        s.skipSpaces()
        guard s.atEnd else { return nil }
        return time.timestamp(year: year, month: month, day: day)
    }

    /// Month names: `March 15, 2018`, `15 March 2018`, `March 2018`, `Thursday, March 15, 2018`,
    /// `Thu, 15 Mar 2018 13:00:00 GMT`.
    private static func parseNamedMonth(_ scanner: inout DateScanner, today: () -> Timestamp) -> Timestamp? {
        var s = scanner
        var weekday: Int?
        if let word = s.peekWord(), let index = DateNames.weekdayIndex(word) {
            _ = s.word()
            weekday = index
            s.skipSpaces()
            _ = s.take(oneOf: ",")
            s.skipSpaces()
        }
        var month: Int?
        var day: Int?
        var year: Int?
        // Up to three date parts: a month name and numbers, separated by spaces or commas.
        for _ in 0..<3 {
            s.skipSpaces()
            if let word = s.peekWord(), let index = DateNames.monthIndex(word), month == nil {
                _ = s.word()
                month = index
            } else if s.peekTimeStart() {
                break
            } else if let start = Optional(s.index), let value = s.digits(1...4) {
                if s.index - start >= 3 {
                    guard year == nil else { return nil }
                    year = value
                } else if day == nil, month != nil || s.peekSpaceThenMonth() {
                    day = value
                } else if day == nil, month == nil {
                    day = value
                } else {
                    guard year == nil else { return nil }
                    year = twoDigitYear(value)
                }
            } else {
                break
            }
            s.skipSpaces()
            _ = s.take(oneOf: ",")
        }
        guard let month else { return nil }
        if day == nil, year == nil { return nil }
        let resolvedYear = year ?? today().fields.year
        let resolvedDay = day ?? 1
        var time = TimeOfDay()
        s.skipSpaces()
        if !s.atEnd {
            guard let parsed = parseTime(&s, strictHour: false) else { return nil }
            time = parsed
        }
        s.skipSpaces()
        guard s.atEnd, let result = time.timestamp(year: resolvedYear, month: month, day: resolvedDay) else {
            return nil
        }
        if let weekday, result.fields.dayOfWeek != weekday { return nil }
        return result
    }

    /// A time alone, on today's date.
    private static func parseTimeOnly(_ scanner: inout DateScanner, today: () -> Timestamp) -> Timestamp? {
        var s = scanner
        guard let time = parseTime(&s, strictHour: false) else { return nil }
        s.skipSpaces()
        guard s.atEnd else { return nil }
        let date = today().fields
        return time.timestamp(year: date.year, month: date.month, day: date.day)
    }

    // MARK: Parts

    private struct TimeOfDay {
        var hour = 0
        var minute = 0
        var second = 0
        var fraction: Int64 = 0
        /// Minutes east of UTC, when an offset was written.
        var offsetMinutes: Int?
        var isUTC = false

        func timestamp(year: Int, month: Int, day: Int) -> Timestamp? {
            guard
                var result = Timestamp(
                    year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction,
                    kind: isUTC ? .utc : .unspecified)
            else { return nil }
            if let offsetMinutes {
                guard let shifted = result.adding(ticks: -Int64(offsetMinutes) * Timestamp.ticksPerMinute) else {
                    return nil
                }
                result = shifted
                result.kind = .local
            }
            return result
        }
    }

    /// `H:mm[:ss[.fffffff]] [AM|PM] [Z|GMT|±hh[:mm]]`. After `T` the hour needs two digits.
    private static func parseTime(_ s: inout DateScanner, strictHour: Bool) -> TimeOfDay? {
        var time = TimeOfDay()
        guard let hour = strictHour ? s.digits(exactly: 2) : s.digits(1...2), s.take(oneOf: ":") != nil,
            let minute = strictHour ? s.digits(exactly: 2) : s.digits(1...2)
        else { return nil }
        time.hour = hour
        time.minute = minute
        if s.take(oneOf: ":") != nil {
            guard let second = s.digits(1...2) else { return nil }
            time.second = second
            if s.take(oneOf: ".,") != nil {
                let start = s.index
                while let byte = s.current, byte >= 0x30 && byte <= 0x39 { s.index += 1 }
                guard s.index > start else { return nil }
                let digits = String(decoding: s.bytes[start..<s.index], as: UTF8.self)
                let value = (Double("0." + digits) ?? 0) * Double(Timestamp.ticksPerSecond)
                time.fraction = Int64(value.rounded(.toNearestOrEven))
                if time.fraction >= Timestamp.ticksPerSecond { time.fraction = Timestamp.ticksPerSecond - 1 }
            }
        }
        var save = s
        save.skipSpaces()
        if let word = save.peekWord()?.lowercased(), word == "am" || word == "pm" {
            _ = save.word()
            s = save
            if word == "am" {
                guard time.hour <= 12 else { return nil }
                if time.hour == 12 { time.hour = 0 }
            } else if time.hour < 12 {
                time.hour += 12
            }
        }
        save = s
        save.skipSpaces()
        if save.take(oneOf: "Zz") != nil {
            time.isUTC = true
            s = save
        } else if save.index > s.index, let word = save.peekWord(), word == "GMT" {
            _ = save.word()
            time.isUTC = true
            s = save
        } else if let sign = save.take(oneOf: "+-") {
            guard let offset = parseOffset(&save) else { return nil }
            time.offsetMinutes = sign == UInt8(ascii: "-") ? -offset : offset
            s = save
        }
        return time
    }

    /// `hh:mm`, `hhmm`, `hh` or `h` after the sign; at most 14 hours.
    private static func parseOffset(_ s: inout DateScanner) -> Int? {
        let start = s.index
        guard let run = s.digits(1...4) else { return nil }
        var hours = run
        var minutes = 0
        switch s.index - start {
        case 4:
            hours = run / 100
            minutes = run % 100
        case 3:
            return nil
        default:
            if s.take(oneOf: ":") != nil {
                guard let value = s.digits(exactly: 2) else { return nil }
                minutes = value
            }
        }
        guard minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
        return hours * 60 + minutes
    }

    /// .NET's two-digit year window: 00–49 are 2000–2049, 50–99 are 1950–1999.
    private static func twoDigitYear(_ value: Int) -> Int {
        value >= 100 ? value : (value <= 49 ? 2000 + value : 1900 + value)
    }
}
