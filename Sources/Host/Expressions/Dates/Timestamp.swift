import Foundation

/// A point in time as .NET's `DateTime` holds it: 100-nanosecond ticks since 0001-01-01T00:00:00
/// and a kind. ADF parses timestamps with the "round-trip kind" rule: `Z` gives a UTC time, an
/// offset gives the instant converted to the host's local time (UTC on ADF's servers, so it prints
/// as `+00:00`), and no zone gives an unspecified time.
struct Timestamp: Equatable, Sendable {
    enum Kind: Sendable {
        case unspecified
        case utc
        /// Local time of a host that runs in UTC: printed with a `+00:00` offset.
        case local
    }

    var ticks: Int64
    var kind: Kind

    static let ticksPerSecond: Int64 = 10_000_000
    static let ticksPerMinute: Int64 = 60 * ticksPerSecond
    static let ticksPerHour: Int64 = 60 * ticksPerMinute
    static let ticksPerDay: Int64 = 24 * ticksPerHour
    /// 9999-12-31T23:59:59.9999999.
    static let maximumTicks: Int64 = 3_155_378_975_999_999_999
    /// Ticks at 1970-01-01T00:00:00.
    static let unixEpochTicks: Int64 = 621_355_968_000_000_000

    init(ticks: Int64, kind: Kind) {
        self.ticks = ticks
        self.kind = kind
    }

    /// A timestamp from calendar fields; nil when they do not name a real date and time.
    init?(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Int64 = 0,
        kind: Kind
    ) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second), (0..<Self.ticksPerSecond).contains(fraction)
        else { return nil }
        let days = Int64(Self.daysSinceEpoch(year: year, month: month, day: day))
        ticks =
            days * Self.ticksPerDay + Int64(hour) * Self.ticksPerHour + Int64(minute) * Self.ticksPerMinute
            + Int64(second) * Self.ticksPerSecond + fraction
        self.kind = kind
    }

    struct Fields {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        /// Ticks within the second (0…9,999,999).
        var fraction: Int64
        /// 0 = Sunday.
        var dayOfWeek: Int
        /// 1…366.
        var dayOfYear: Int
    }

    var fields: Fields {
        let days = Int(ticks / Self.ticksPerDay)
        let timeOfDay = ticks % Self.ticksPerDay
        let (year, month, day) = Self.civil(fromDays: days)
        let dayOfYear = days - Self.daysSinceEpoch(year: year, month: 1, day: 1) + 1
        return Fields(
            year: year, month: month, day: day, hour: Int(timeOfDay / Self.ticksPerHour),
            minute: Int(timeOfDay / Self.ticksPerMinute % 60), second: Int(timeOfDay / Self.ticksPerSecond % 60),
            fraction: timeOfDay % Self.ticksPerSecond, dayOfWeek: (days + 1) % 7, dayOfYear: dayOfYear)
    }

    /// The timestamp moved by `delta` ticks; nil when it leaves years 1…9999.
    func adding(ticks delta: Int64) -> Timestamp? {
        let (sum, overflow) = ticks.addingReportingOverflow(delta)
        guard !overflow, sum >= 0, sum <= Self.maximumTicks else { return nil }
        return Timestamp(ticks: sum, kind: kind)
    }

    /// .NET's `AddMonths`: the day is clamped to the last day of the target month.
    func adding(months: Int64) -> Timestamp? {
        let parts = fields
        let (total, overflow) = (Int64(parts.year) * 12 + Int64(parts.month - 1)).addingReportingOverflow(months)
        guard !overflow, total >= 12, total < 10_000 * 12 else { return nil }
        let year = Int(total / 12)
        let month = Int(total % 12) + 1
        let day = min(parts.day, Self.daysInMonth(year: year, month: month))
        let days = Int64(Self.daysSinceEpoch(year: year, month: month, day: day))
        return Timestamp(ticks: days * Self.ticksPerDay + ticks % Self.ticksPerDay, kind: kind)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 0001-01-01 in the proleptic Gregorian calendar.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = year - 1
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        var days = y * 365 + y / 4 - y / 100 + y / 400 + cumulative[month - 1] + day - 1
        if month > 2, isLeapYear(year) { days += 1 }
        return days
    }

    /// The calendar date `days` after 0001-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        // 400-year cycles of 146,097 days, then centuries, 4-year cycles and years.
        var n = days
        let cycles400 = n / 146_097
        n -= cycles400 * 146_097
        var centuries = n / 36_524
        if centuries == 4 { centuries = 3 }
        n -= centuries * 36_524
        let cycles4 = n / 1_461
        n -= cycles4 * 1_461
        var years = n / 365
        if years == 4 { years = 3 }
        n -= years * 365
        let year = cycles400 * 400 + centuries * 100 + cycles4 * 4 + years + 1
        var month = 1
        while true {
            let length = daysInMonth(year: year, month: month)
            if n < length { break }
            n -= length
            month += 1
        }
        return (year, month, n + 1)
    }
}

extension Timestamp {
    /// The UTC timestamp of a Foundation date, to the tick.
    init(utcDate date: Date) {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let fraction = Int64(((seconds - whole) * Double(Self.ticksPerSecond)).rounded())
        let wholeTicks = whole.magnitude < 3e11 ? Int64(whole) * Self.ticksPerSecond : 0
        let ticks = Self.unixEpochTicks &+ wholeTicks &+ fraction
        self.init(ticks: min(max(ticks, 0), Self.maximumTicks), kind: .utc)
    }
}
