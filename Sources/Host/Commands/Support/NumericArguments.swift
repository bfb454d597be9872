import ArgumentParser
import Foundation

/// Range-checked readers for the commands' numeric options, given as the `transform:` of an
/// `@Option`: a value that is not a number, not finite or out of range is a usage error (exit 64)
/// naming the option and what it takes — "The value 'inf' is invalid for '--call-timeout
/// <call-timeout>': give a number of seconds from 0.001 to 86400" — before the command runs, so no
/// later conversion (to milliseconds, an `Int64`, a `Duration`, a `Date`) can overflow.
enum NumericArgument {
    /// A number of seconds in `range`, e.g. `2`, `0.5`.
    static func seconds(in range: ClosedRange<Double>) -> @Sendable (String) throws -> Double {
        { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
                throw ValidationError("give a number of seconds from \(format(range.lowerBound)) to \(format(range.upperBound))")
            }
            return value
        }
    }

    /// A whole number in `range`; `unit` names what it counts, for the message.
    static func integer(in range: ClosedRange<Int>, unit: String) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw ValidationError("give a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    /// `0.001`, `2`, `86400`: no exponent, no trailing zeros.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A point in time given on the command line: an age counted back from now (`30d`, `12h`, `45m`,
/// `90s`, `2w`) or an ISO 8601 UTC time (`2026-01-31T12:00:00Z`), as `runs list --since` takes it.
enum TimeArgument: Sendable, Equatable {
    case age(TimeInterval)
    case instant(Date)

    /// The oldest age taken: a hundred years, far beyond any run store, far below any overflow.
    static let maximumAge: TimeInterval = 100 * 365.25 * 86_400

    /// Reads an age or a time (`--since`, `--until`).
    static func ageOrInstant(_ text: String) throws -> TimeArgument {
        if let date = ISO8601DateFormatter().date(from: text) { return .instant(date) }
        guard let age = age(text) else {
            throw ValidationError(
                "give an age from 0 to 36525d, such as 30m, 12h or 7d, or a UTC time such as 2026-01-31T12:00:00Z")
        }
        return .age(age)
    }

    /// Reads an age only (`--older-than`).
    static func ageOnly(_ text: String) throws -> TimeArgument {
        guard let age = age(text) else { throw ValidationError("give an age from 0 to 36525d, such as 30d, 12h, 45m or 90s") }
        return .age(age)
    }

    /// The point in time, counting ages back from `now`.
    func date(now: Date) -> Date {
        switch self {
        case .age(let seconds): now.addingTimeInterval(-seconds)
        case .instant(let date): date
        }
    }

    /// `30d` as seconds; nil unless a non-negative number and a unit (s, m, h, d, w) within ``maximumAge``.
    private static func age(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count.isFinite, count >= 0,
            count * unit <= maximumAge
        else { return nil }
        return count * unit
    }
}
