import Foundation

/// A duration written the way people write them in configuration files and flags: `"2s"`, `"500ms"`,
/// `"1.5s"`, `"2m"`, or a bare number of seconds (`2`, `0.25`), from zero to ``maximum`` (a day).
public struct EmulatorDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The duration.
    public let duration: Duration

    /// Wraps a duration.
    public init(_ duration: Duration) { self.duration = duration }

    /// The longest duration the emulator takes: a day. Longer values would only ever be typos, and
    /// far longer ones would overflow the millisecond count.
    public static let maximumSeconds: Double = 86_400

    /// The longest duration, as written in messages.
    public static let maximum = EmulatorDuration(.seconds(Int64(maximumSeconds)))

    /// Parses `"250ms"`, `"2s"`, `"1.5s"`, `"3m"` or `"4"` (seconds); `nil` for anything else, including
    /// negative values and values above ``maximum``.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number) else { return nil }
        self.init(seconds: value * scale)
    }

    /// `seconds` as a duration; `nil` unless it is from 0 to ``maximumSeconds``.
    public init?(seconds: Double) {
        guard seconds.isFinite, seconds >= 0, seconds <= Self.maximumSeconds else { return nil }
        self.init(.milliseconds(Int64((seconds * 1000).rounded())))
    }

    /// Zero.
    public static let zero = EmulatorDuration(.zero)

    /// Whole milliseconds.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in seconds, for `Date` arithmetic.
    public var timeInterval: TimeInterval { Double(milliseconds) / 1000 }

    /// `"2s"`, `"250ms"`: the shortest form that round-trips through `init(parsing:)`.
    public var description: String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            guard let parsed = EmulatorDuration(seconds: seconds) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a number of seconds from 0 to \(Self.maximum) (a day), got \(seconds)")
            }
            self = parsed
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = EmulatorDuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "expected a duration from 0 to \(Self.maximum) (a day) such as \"2s\", \"500ms\" or a number of seconds, got \"\(text)\""
            )
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
