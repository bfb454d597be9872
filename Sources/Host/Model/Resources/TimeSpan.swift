/// A duration written the .NET way ADF uses for `policy.timeout` and Until's `timeout`:
/// `[d.]hh:mm:ss[.fffffff]`.
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
        /// The text is not `[d.]hh:mm:ss[.fffffff]` (hours 0–23, minutes and seconds 0–59, or 60
        /// as ADF's pattern allows; one to seven fraction digits).
        case malformed
        /// The text has the right shape but is longer than a .NET TimeSpan can hold.
        case tooLong
    }

    /// Parses `d.hh:mm:ss`, `hh:mm:ss` and an optional fraction of up to seven digits. Any number
    /// of days is read without overflow: more than `maximum` is `.tooLong`.
    public static func parse(_ text: String) -> Result<TimeSpan, ParseError> {
        var days: Int64 = 0
        var rest = Substring(text)
        if let dot = rest.firstIndex(of: "."), let colon = rest.firstIndex(of: ":"), dot < colon {
            let digits = rest[..<dot]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return .failure(.malformed) }
            // More digits than Int64 holds is still a well-formed (if absurd) duration.
            guard let parsed = Int64(digits) else { return .failure(.tooLong) }
            days = parsed
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
        guard fields.count == 3, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let hours = Int64(fields[0]), let minutes = Int64(fields[1]), let seconds = Int64(fields[2]),
            hours < 24, minutes <= 60, seconds <= 60
        else { return .failure(.malformed) }
        let dayTicks = days.multipliedReportingOverflow(by: 86_400 * ticksPerSecond)
        let clockTicks = ((hours * 60 + minutes) * 60 + seconds) * ticksPerSecond + fraction
        guard !dayTicks.overflow else { return .failure(.tooLong) }
        let total = dayTicks.partialValue.addingReportingOverflow(clockTicks)
        guard !total.overflow else { return .failure(.tooLong) }
        return .success(TimeSpan(ticks: total.partialValue))
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
}
