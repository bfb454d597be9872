import PipehostJSON

/// addDays, addHours, addMinutes, addSeconds, addToTime, convertFromUtc, convertTimeZone,
/// convertToUtc, dayOfMonth, dayOfWeek, dayOfYear, formatDateTime, getFutureTime, getPastTime,
/// startOfDay, startOfHour, startOfMonth, subtractFromTime, ticks, utcNow.
///
/// Timestamps are read like .NET's `DateTime.Parse` with round-trip kind and written with .NET
/// format strings in en-US (default `o`: `2018-03-15T13:00:00.0000000Z`). Each call becomes a
/// `DateFunctionNode`; none is computed at compile time, because a timestamp written without a date
/// means today.
enum DateFunctions {
    static let definitions: [FunctionDefinition] = [
        date("addDays", 2...3, .add(Timestamp.ticksPerDay), format: 2),
        date("addHours", 2...3, .add(Timestamp.ticksPerHour), format: 2),
        date("addMinutes", 2...3, .add(Timestamp.ticksPerMinute), format: 2),
        date("addSeconds", 2...3, .add(Timestamp.ticksPerSecond), format: 2),
        date("addToTime", 3...4, .addUnits(sign: 1), format: 3),
        date("subtractFromTime", 3...4, .addUnits(sign: -1), format: 3),
        date("getFutureTime", 2...3, .fromNow(sign: 1), format: 2),
        date("getPastTime", 2...3, .fromNow(sign: -1), format: 2),
        date("utcNow", 0...1, .now, format: 0),
        date("formatDateTime", 1...2, .format, format: 1),
        date("startOfDay", 1...2, .truncate(Timestamp.ticksPerDay), format: 1),
        date("startOfHour", 1...2, .truncate(Timestamp.ticksPerHour), format: 1),
        date("startOfMonth", 1...2, .startOfMonth, format: 1),
        date("dayOfMonth", 1...1, .dayOfMonth, format: nil),
        date("dayOfWeek", 1...1, .dayOfWeek, format: nil),
        date("dayOfYear", 1...1, .dayOfYear, format: nil),
        date("ticks", 1...1, .ticks, format: nil),
        date("convertFromUtc", 2...3, .convertFromUTC, format: 2, zones: [1]),
        date("convertToUtc", 2...3, .convertToUTC, format: 2, zones: [1]),
        date("convertTimeZone", 3...4, .convertTimeZone, format: 3, zones: [1, 2]),
    ]

    private static func date(
        _ name: String, _ arguments: ClosedRange<Int>, _ operation: DateOperation, format: Int?, zones: [Int] = []
    ) -> FunctionDefinition {
        FunctionDefinition(
            name, arguments: arguments, foldable: false, prepare: prepare(format: format, zones: zones)
        ) { site, nodes in
            DateFunctionNode(site: site, arguments: nodes, operation: operation, formatIndex: format)
        }
    }

    /// Parses constant formats and time zones once, at compile time.
    private static func prepare(format index: Int?, zones: [Int]) -> FunctionDefinition.Prepare {
        { arguments in
            func constant(_ offset: Int) -> JSONValue? {
                offset < arguments.count ? arguments[arguments.startIndex + offset].constantValue : nil
            }
            var prepared = PreparedArgument()
            if let index, case .string(let text)? = constant(index) {
                prepared.format = try? DateTimeFormat.parse(text)
            }
            for zoneIndex in zones {
                if case .string(let name)? = constant(zoneIndex), let zone = ResolvedTimeZone.resolve(name) {
                    prepared.zones[zoneIndex] = zone
                }
            }
            return prepared.format == nil && prepared.zones.isEmpty ? nil : prepared
        }
    }
}

/// What a date function computes.
enum DateOperation: Sendable {
    /// `addDays` and friends: the timestamp plus `argument 1 × ticks`.
    case add(Int64)
    /// `addToTime` (+1) and `subtractFromTime` (-1): interval and unit in arguments 1 and 2.
    case addUnits(sign: Int64)
    /// `getFutureTime` (+1) and `getPastTime` (-1): interval and unit in arguments 0 and 1.
    case fromNow(sign: Int64)
    case now
    case format
    /// `startOfDay`, `startOfHour`.
    case truncate(Int64)
    case startOfMonth
    case dayOfMonth, dayOfWeek, dayOfYear, ticks
    case convertFromUTC, convertToUTC, convertTimeZone

    /// Whether the first argument is the timestamp the function works on.
    var readsTimestamp: Bool {
        switch self {
        case .fromNow, .now: false
        default: true
        }
    }

    /// Whether the result is a timestamp (formatted, `o` by default) rather than a number.
    var producesTimestamp: Bool {
        switch self {
        case .dayOfMonth, .dayOfWeek, .dayOfYear, .ticks: false
        default: true
        }
    }
}
