import Foundation
import PipehostJSON

/// addDays, addHours, addMinutes, addSeconds, addToTime, convertFromUtc, convertTimeZone,
/// convertToUtc, dayOfMonth, dayOfWeek, dayOfYear, formatDateTime, getFutureTime, getPastTime,
/// startOfDay, startOfHour, startOfMonth, subtractFromTime, ticks, utcNow.
///
/// Timestamps are read like .NET's `DateTime.Parse` with round-trip kind and written with .NET
/// format strings in en-US (default `o`: `2018-03-15T13:00:00.0000000Z`). None of these functions
/// is computed at compile time: a timestamp written without a date means today.
enum DateFunctions {
    static let definitions: [FunctionDefinition] = [
        adding("addDays", Timestamp.ticksPerDay),
        adding("addHours", Timestamp.ticksPerHour),
        adding("addMinutes", Timestamp.ticksPerMinute),
        adding("addSeconds", Timestamp.ticksPerSecond),
        FunctionDefinition("addToTime", arguments: 3...4, foldable: false, prepare: prepare(format: 3)) {
            arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let moved = try shift(time, by: try call.integer(arguments, 1), unit: try call.string(arguments, 2), call)
            return try output(moved, arguments, 3, call)
        },
        FunctionDefinition("subtractFromTime", arguments: 3...4, foldable: false, prepare: prepare(format: 3)) {
            arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let interval = try call.integer(arguments, 1)
            let moved = try shift(time, by: 0 &- interval, unit: try call.string(arguments, 2), call)
            return try output(moved, arguments, 3, call)
        },
        FunctionDefinition("getFutureTime", arguments: 2...3, foldable: false, prepare: prepare(format: 2)) {
            arguments, call, scope throws(EvaluationFailure) in
            let moved = try shift(now(scope), by: try call.integer(arguments, 0), unit: try call.string(arguments, 1), call)
            return try output(moved, arguments, 2, call)
        },
        FunctionDefinition("getPastTime", arguments: 2...3, foldable: false, prepare: prepare(format: 2)) {
            arguments, call, scope throws(EvaluationFailure) in
            let interval = try call.integer(arguments, 0)
            let moved = try shift(now(scope), by: 0 &- interval, unit: try call.string(arguments, 1), call)
            return try output(moved, arguments, 2, call)
        },
        FunctionDefinition("utcNow", arguments: 0...1, foldable: false, prepare: prepare(format: 0)) {
            arguments, call, scope throws(EvaluationFailure) in
            try output(now(scope), arguments, 0, call)
        },
        FunctionDefinition("formatDateTime", arguments: 1...2, foldable: false, prepare: prepare(format: 1)) {
            arguments, call, scope throws(EvaluationFailure) in
            try output(try timestamp(arguments, 0, call, scope), arguments, 1, call)
        },
        startOf("startOfDay", Timestamp.ticksPerDay),
        startOf("startOfHour", Timestamp.ticksPerHour),
        FunctionDefinition("startOfMonth", arguments: 1...2, foldable: false, prepare: prepare(format: 1)) {
            arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let day = Int64(time.fields.day - 1)
            let start = Timestamp(
                ticks: time.ticks - time.ticks % Timestamp.ticksPerDay - day * Timestamp.ticksPerDay, kind: time.kind)
            return try output(start, arguments, 1, call)
        },
        FunctionDefinition("dayOfMonth", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            .integer(Int64(try timestamp(arguments, 0, call, scope).fields.day))
        },
        FunctionDefinition("dayOfWeek", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            .integer(Int64(try timestamp(arguments, 0, call, scope).fields.dayOfWeek))
        },
        FunctionDefinition("dayOfYear", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            .integer(Int64(try timestamp(arguments, 0, call, scope).fields.dayOfYear))
        },
        FunctionDefinition("ticks", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            .integer(try timestamp(arguments, 0, call, scope).ticks)
        },
        FunctionDefinition(
            "convertFromUtc", arguments: 2...3, foldable: false, prepare: prepare(format: 2, zones: [1])
        ) { arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            guard time.kind == .utc else {
                throw call.failure(
                    "the function 'convertFromUtc' expects a UTC timestamp (ending in 'Z'); the value was "
                        + "'\(DateTimeFormatter.format(time, with: .roundTrip))'")
            }
            let zone = try timeZone(arguments, 1, call)
            let converted = Timestamp(ticks: zone.local(fromUTC: time.ticks), kind: zone.isUTC ? .utc : .unspecified)
            return try output(try checked(converted, call), arguments, 2, call)
        },
        FunctionDefinition(
            "convertToUtc", arguments: 2...3, foldable: false, prepare: prepare(format: 2, zones: [1])
        ) { arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let zone = try timeZone(arguments, 1, call)
            let utc: Int64
            switch time.kind {
            case .unspecified: utc = try utcTicks(fromLocal: time, in: zone, call)
            case .utc, .local:
                guard zone.isUTC || zone.offset(atUTC: time.ticks) == 0 else {
                    throw call.failure(
                        "the function 'convertToUtc' expects a timestamp without a time zone, or one in the source time "
                            + "zone '\(zone.name)'; the value was '\(DateTimeFormatter.format(time, with: .roundTrip))'")
                }
                utc = time.ticks
            }
            return try output(try checked(Timestamp(ticks: utc, kind: .utc), call), arguments, 2, call)
        },
        FunctionDefinition(
            "convertTimeZone", arguments: 3...4, foldable: false, prepare: prepare(format: 3, zones: [1, 2])
        ) { arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let source = try timeZone(arguments, 1, call)
            let destination = try timeZone(arguments, 2, call)
            let utc = time.kind == .unspecified ? try utcTicks(fromLocal: time, in: source, call) : time.ticks
            let converted = Timestamp(
                ticks: destination.local(fromUTC: utc), kind: destination.isUTC ? .utc : .unspecified)
            return try output(try checked(converted, call), arguments, 3, call)
        },
    ]

    // MARK: Families

    private static func adding(_ name: String, _ unit: Int64) -> FunctionDefinition {
        FunctionDefinition(name, arguments: 2...3, foldable: false, prepare: prepare(format: 2)) {
            arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            let amount = try call.integer(arguments, 1)
            let (delta, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow, let moved = time.adding(ticks: delta) else { throw unrepresentable(call, amount) }
            return try output(moved, arguments, 2, call)
        }
    }

    private static func startOf(_ name: String, _ unit: Int64) -> FunctionDefinition {
        FunctionDefinition(name, arguments: 1...2, foldable: false, prepare: prepare(format: 1)) {
            arguments, call, scope throws(EvaluationFailure) in
            let time = try timestamp(arguments, 0, call, scope)
            return try output(Timestamp(ticks: time.ticks - time.ticks % unit, kind: time.kind), arguments, 1, call)
        }
    }

    /// Parses constant formats and time zones once, at compile time.
    private static func prepare(format index: Int, zones: [Int] = []) -> FunctionDefinition.Prepare {
        { constants in
            var prepared = PreparedArgument()
            if index < constants.count, case .string(let text)? = constants[index] {
                prepared.format = try? DateTimeFormat.parse(text)
            }
            for zoneIndex in zones where zoneIndex < constants.count {
                if case .string(let name)? = constants[zoneIndex], let zone = ResolvedTimeZone.resolve(name) {
                    prepared.zones[zoneIndex] = zone
                }
            }
            return prepared
        }
    }

    // MARK: Reading and writing

    /// The current instant from the scope's environment, as a UTC timestamp.
    static func now(_ scope: EvaluationScope) -> Timestamp {
        let seconds = scope.environment.now().timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let ticks =
            Timestamp.unixEpochTicks + Int64(whole) * Timestamp.ticksPerSecond
            + Int64(((seconds - whole) * Double(Timestamp.ticksPerSecond)).rounded())
        return Timestamp(ticks: min(max(ticks, 0), Timestamp.maximumTicks), kind: .utc)
    }

    private static func timestamp(
        _ arguments: Arguments, _ index: Int, _ call: CallSite, _ scope: EvaluationScope
    ) throws(EvaluationFailure) -> Timestamp {
        guard case .string(let text) = arguments[index] else {
            throw call.typeError(
                index, expected: "a string that contains a timestamp", value: arguments[index], count: arguments.count)
        }
        guard let time = TimestampParser.parse(text, today: { now(scope) }) else {
            throw call.failure(
                "the function '\(call.name)' could not read the timestamp '\(text)'; write it in ISO 8601 form, "
                    + "for example '2018-03-15T13:00:00Z'")
        }
        return time
    }

    private static func output(
        _ time: Timestamp, _ arguments: Arguments, _ index: Int, _ call: CallSite
    ) throws(EvaluationFailure) -> JSONValue {
        guard index < arguments.count else { return .string(DateTimeFormatter.format(time, with: .roundTrip)) }
        if let format = call.prepared?.format { return .string(DateTimeFormatter.format(time, with: format)) }
        let text = try call.string(arguments, index)
        do throws(DateTimeFormat.Invalid) {
            return .string(DateTimeFormatter.format(time, with: try DateTimeFormat.parse(text)))
        } catch {
            throw call.failure(
                "the function '\(call.name)' does not support the format '\(text)'; use a standard format character "
                    + "such as 'd' or 'o', or a custom pattern such as 'yyyy-MM-dd HH:mm:ss'")
        }
    }

    private static func timeZone(
        _ arguments: Arguments, _ index: Int, _ call: CallSite
    ) throws(EvaluationFailure) -> ResolvedTimeZone {
        if let zone = call.prepared?.zones[index] { return zone }
        let name = try call.string(arguments, index)
        guard let zone = ResolvedTimeZone.resolve(name) else {
            throw call.failure(
                "the function '\(call.name)' does not know the time zone '\(name)'; use a Windows id such as "
                    + "'Pacific Standard Time' or an IANA id such as 'America/Los_Angeles'")
        }
        return zone
    }

    private static func utcTicks(
        fromLocal time: Timestamp, in zone: ResolvedTimeZone, _ call: CallSite
    ) throws(EvaluationFailure) -> Int64 {
        guard let utc = zone.utc(fromLocal: time.ticks) else {
            throw call.failure(
                "the function '\(call.name)' was given the time '\(DateTimeFormatter.format(time, with: .roundTrip))', "
                    + "which does not exist or is ambiguous in the time zone '\(zone.name)' (a daylight-saving change)")
        }
        return utc
    }

    private static func checked(_ time: Timestamp, _ call: CallSite) throws(EvaluationFailure) -> Timestamp {
        guard time.ticks >= 0, time.ticks <= Timestamp.maximumTicks else {
            throw call.failure("the function '\(call.name)' produced a time outside the years 1 to 9999")
        }
        return time
    }

    private static func shift(
        _ time: Timestamp, by interval: Int64, unit: String, _ call: CallSite
    ) throws(EvaluationFailure) -> Timestamp {
        let moved: Timestamp?
        switch unit.lowercased() {
        case "second": moved = scaled(time, interval, Timestamp.ticksPerSecond)
        case "minute": moved = scaled(time, interval, Timestamp.ticksPerMinute)
        case "hour": moved = scaled(time, interval, Timestamp.ticksPerHour)
        case "day": moved = scaled(time, interval, Timestamp.ticksPerDay)
        case "week": moved = scaled(time, interval, 7 * Timestamp.ticksPerDay)
        case "month": moved = time.adding(months: interval)
        case "year":
            let (months, overflow) = interval.multipliedReportingOverflow(by: 12)
            moved = overflow ? nil : time.adding(months: months)
        default:
            throw call.failure(
                "the function '\(call.name)' expects a time unit ('Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or "
                    + "'Year'); '\(unit)' is not one")
        }
        guard let moved else { throw unrepresentable(call, interval) }
        return moved
    }

    private static func scaled(_ time: Timestamp, _ interval: Int64, _ unit: Int64) -> Timestamp? {
        let (delta, overflow) = interval.multipliedReportingOverflow(by: unit)
        return overflow ? nil : time.adding(ticks: delta)
    }

    private static func unrepresentable(_ call: CallSite, _ amount: Int64) -> EvaluationFailure {
        call.failure("the function '\(call.name)' cannot move the time by \(amount): the result is outside the years 1 to 9999")
    }
}
