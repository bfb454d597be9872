/// A duration written the way .NET's `TimeSpan.Parse` reads it with the invariant culture, which
/// is how ADF reads `policy.timeout` and Until's `timeout`: `[-]d` (a number of days) or
/// `[-][d.]h:m[:s[.fffffff]]`, with optional white space around it.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The whole duration in ten-millionths of a second (.NET ticks).
    public var ticks: Int64

    public static let ticksPerSecond: Int64 = 10_000_000

    /// The longest duration .NET (and so ADF) can hold: `10675199.02:48:05.4775807`.
    public static let maximum = TimeSpan(ticks: .max)

    public init(ticks: Int64) { self.ticks = ticks }

    /// For durations known to fit (constants); parsed text goes through `parse(_:)`, which
    /// cannot overflow.
    public init(seconds: Int64) { self.ticks = seconds * Self.ticksPerSecond }

    public init(days: Int64 = 0, hours: Int64 = 0, minutes: Int64 = 0, seconds: Int64 = 0) {
        self.init(seconds: ((days * 24 + hours) * 60 + minutes) * 60 + seconds)
    }

    /// Seven days, ADF's default activity timeout and the longest it allows.
    public static let sevenDays = TimeSpan(days: 7)

    /// Why a text is not a duration.
    public enum ParseError: Error, Sendable, Equatable {
        /// The text is not `[-]d` nor `[-][d.]h:m[:s[.fffffff]]` (hours 0–23, minutes and seconds
        /// 0–59, or 60 as ADF's documented pattern allows; one to seven fraction digits).
        case malformed
        /// The text has the right shape but is longer than a .NET TimeSpan can hold.
        case tooLong
    }

    /// Parses the forms .NET's `TimeSpan.Parse` accepts with the invariant culture:
    ///
    /// | Text | Duration |
    /// | --- | --- |
    /// | `7` | 7 days |
    /// | `1:30` | 1 h 30 min (`h:m`) |
    /// | `1:00:00`, `01:00:00` | 1 h |
    /// | `0.0:10:00` | 10 min (`d.h:m:s`) |
    /// | `2.12:00` | 2 days 12 h (`d.h:m`) |
    /// | `00:00:01.5` | 1.5 s (one to seven fraction digits) |
    /// | `-1:00:00` | minus 1 h |
    ///
    /// Hours, minutes and seconds may have one digit or more (leading zeros are read as .NET
    /// reads them) and must be in range (hours 0–23; minutes and seconds 0–59, or 60 as ADF's
    /// documented pattern `[d.]hh:mm:ss` allows). Any number of days is read without overflow:
    /// more than `maximum` is `.tooLong`.
    public static func parse(_ text: String) -> Result<TimeSpan, ParseError> {
        var rest = Substring(text).drop(while: \.isTimeSpanSpace)
        while rest.last?.isTimeSpanSpace == true { rest.removeLast() }
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let magnitude: Result<Int64, ParseError> =
            rest.contains(":") ? clockWithDaysTicks(rest) : dayTicks(rest).flatMap { $0.map(Result.success) ?? .failure(.malformed) }
        return magnitude.map { TimeSpan(ticks: negative ? -$0 : $0) }
    }

    /// `[d.]h:m[:s[.f]]` in ticks.
    private static func clockWithDaysTicks(_ text: Substring) -> Result<Int64, ParseError> {
        var rest = text
        var days: Int64 = 0
        if let dot = rest.firstIndex(of: "."), let colon = rest.firstIndex(of: ":"), dot < colon {
            switch dayTicks(rest[..<dot]) {
            case .failure(let error): return .failure(error)
            case .success(nil): return .failure(.malformed)
            case .success(let ticks?): days = ticks
            }
            rest = rest[rest.index(after: dot)...]
        }
        var fraction: Int64 = 0
        if let dot = rest.firstIndex(of: ".") {
            let digits = rest[rest.index(after: dot)...]
            guard (1...7).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else {
                return .failure(.malformed)
            }
            fraction = value * Self.power10(7 - digits.count)
            rest = rest[..<dot]
        }
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fraction == 0 || fields.count == 3,
            let hours = clockField(fields[0], upTo: 23), let minutes = clockField(fields[1], upTo: 60)
        else { return .failure(.malformed) }
        var seconds: Int64 = 0
        if fields.count == 3 {
            guard let value = clockField(fields[2], upTo: 60) else { return .failure(.malformed) }
            seconds = value
        }
        let clockTicks = ((hours * 60 + minutes) * 60 + seconds) * ticksPerSecond + fraction
        let total = days.addingReportingOverflow(clockTicks)
        guard !total.overflow else { return .failure(.tooLong) }
        return .success(total.partialValue)
    }

    /// A number of days in ticks; `nil` when the text is not digits, `.tooLong` when it does not fit.
    private static func dayTicks(_ digits: Substring) -> Result<Int64?, ParseError> {
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return .success(nil) }
        // More digits than Int64 holds is still a well-formed (if absurd) duration.
        guard let days = Int64(digits) else { return .failure(.tooLong) }
        let ticks = days.multipliedReportingOverflow(by: 86_400 * ticksPerSecond)
        return ticks.overflow ? .failure(.tooLong) : .success(ticks.partialValue)
    }

    /// One clock field: one or more digits, at most `limit`.
    private static func clockField(_ digits: Substring, upTo limit: Int64) -> Int64? {
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 2, let value = Int64(significant.isEmpty ? "0" : significant), value <= limit else { return nil }
        return value
    }

    /// `parse(_:)`, or `nil` when the text is not a duration .NET can hold.
    public init?(parsing text: String) {
        guard case .success(let span) = Self.parse(text) else { return nil }
        self = span
    }

    /// Whole and fractional seconds.
    public var seconds: Double { Double(ticks) / Double(Self.ticksPerSecond) }

    /// A Swift `Duration` of the same length.
    public var duration: Duration {
        .seconds(ticks / Self.ticksPerSecond) + .nanoseconds((ticks % Self.ticksPerSecond) * 100)
    }

    /// `d.hh:mm:ss`, the form ADF writes.
    public var description: String {
        let totalSeconds = ticks / Self.ticksPerSecond
        let days = totalSeconds / 86_400
        let hours = totalSeconds / 3_600 % 24
        let minutes = totalSeconds / 60 % 60
        let seconds = totalSeconds % 60
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(days).\(two(hours)):\(two(minutes)):\(two(seconds))"
        let fraction = ticks % Self.ticksPerSecond
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 7 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.ticks < rhs.ticks }

    private static func power10(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }

    /// White space .NET's `TimeSpan.Parse` skips around the text.
    fileprivate var isTimeSpanSpace: Bool { self == " " || self == "\t" }
}
