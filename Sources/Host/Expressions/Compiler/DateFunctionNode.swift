import PipehostJSON

/// A call of a date function. A date function whose timestamp argument is another date function
/// without an explicit format (`formatDateTime(addDays(x, 1), 'yyyy')`) takes that function's
/// timestamp directly instead of formatting it as `o` and reading it back, which gives the same
/// result (the `o` text reads back to the same ticks and kind) at a fraction of the cost.
final class DateFunctionNode: EvaluationNode {
    let position: Int
    let site: CallSite
    let arguments: [Operand]
    let operation: DateOperation
    /// The argument that holds the output format, when the function has one.
    let formatIndex: Int?
    /// The date function that computes this one's timestamp argument, when it can hand it over.
    private let timestampSource: DateFunctionNode?
    /// The output format, when it was a constant.
    private let preparedFormat: DateTimeFormat?

    init(site: CallSite, arguments: [Operand], operation: DateOperation, formatIndex: Int?) {
        self.site = site
        self.position = site.position
        self.arguments = arguments
        self.operation = operation
        self.formatIndex = formatIndex
        preparedFormat = site.prepared?.format
        if operation.readsTimestamp, case .node(let first)? = arguments.first, let source = first as? DateFunctionNode,
            source.handsOverTimestamp
        {
            timestampSource = source
        } else {
            timestampSource = nil
        }
    }

    /// True when this call's value is its timestamp in the default `o` format.
    var handsOverTimestamp: Bool {
        operation.producesTimestamp && (formatIndex.map { $0 >= arguments.count } ?? true)
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        switch operation {
        case .dayOfMonth: return .integer(Int64(try inputTimestamp(scope).fields.day))
        case .dayOfWeek: return .integer(Int64(try inputTimestamp(scope).fields.dayOfWeek))
        case .dayOfYear: return .integer(Int64(try inputTimestamp(scope).fields.dayOfYear))
        case .ticks: return .integer(try inputTimestamp(scope).ticks)
        default:
            let time = try timestamp(scope)
            guard let formatIndex, formatIndex < arguments.count else {
                return .string(DateTimeFormatter.format(time, with: .roundTrip))
            }
            if let preparedFormat { return .string(DateTimeFormatter.format(time, with: preparedFormat)) }
            return .string(DateTimeFormatter.format(time, with: try format(at: formatIndex, scope)))
        }
    }

    /// The timestamp this call produces.
    func timestamp(_ scope: EvaluationScope) throws(EvaluationFailure) -> Timestamp {
        switch operation {
        case .add(let unit):
            let time = try inputTimestamp(scope)
            let amount = try integer(at: 1, scope)
            let (delta, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow, let moved = time.adding(ticks: delta) else { throw unrepresentable(amount) }
            return moved
        case .addUnits(let sign):
            let time = try inputTimestamp(scope)
            let interval = try integer(at: 1, scope)
            return try shift(time, by: sign == 1 ? interval : 0 &- interval, unit: try string(at: 2, scope))
        case .fromNow(let sign):
            let interval = try integer(at: 0, scope)
            return try shift(
                DateFunctionNode.now(scope), by: sign == 1 ? interval : 0 &- interval, unit: try string(at: 1, scope))
        case .now:
            return DateFunctionNode.now(scope)
        case .format:
            return try inputTimestamp(scope)
        case .truncate(let unit):
            let time = try inputTimestamp(scope)
            return Timestamp(ticks: time.ticks - time.ticks % unit, kind: time.kind)
        case .startOfMonth:
            let time = try inputTimestamp(scope)
            let day = Int64(time.fields.day - 1)
            return Timestamp(
                ticks: time.ticks - time.ticks % Timestamp.ticksPerDay - day * Timestamp.ticksPerDay, kind: time.kind)
        case .convertFromUTC:
            let time = try inputTimestamp(scope)
            guard time.kind == .utc else {
                throw site.failure(
                    "the function 'convertFromUtc' expects a UTC timestamp (ending in 'Z'); the value was "
                        + "'\(DateTimeFormatter.format(time, with: .roundTrip))'")
            }
            let zone = try timeZone(at: 1, scope)
            return clamped(
                Timestamp(ticks: zone.local(fromUTC: time.ticks), kind: zone.isUTC ? .utc : .unspecified))
        case .convertToUTC:
            let time = try inputTimestamp(scope)
            let zone = try timeZone(at: 1, scope)
            if time.kind == .unspecified {
                return clamped(Timestamp(ticks: try utcTicks(fromLocal: time, in: zone), kind: .utc))
            }
            guard zone.isUTC || zone.offset(atUTC: time.ticks) == 0 else {
                throw site.failure(
                    "the function 'convertToUtc' expects a timestamp without a time zone, or one in the source time "
                        + "zone '\(zone.name)'; the value was '\(DateTimeFormatter.format(time, with: .roundTrip))'")
            }
            return Timestamp(ticks: time.ticks, kind: .utc)
        case .convertTimeZone:
            let time = try inputTimestamp(scope)
            let source = try timeZone(at: 1, scope)
            let destination = try timeZone(at: 2, scope)
            let utc = time.kind == .unspecified ? try utcTicks(fromLocal: time, in: source) : time.ticks
            return clamped(
                Timestamp(ticks: destination.local(fromUTC: utc), kind: destination.isUTC ? .utc : .unspecified))
        case .dayOfMonth, .dayOfWeek, .dayOfYear, .ticks:
            return try inputTimestamp(scope)
        }
    }

    // MARK: Arguments

    /// The current instant from the scope's environment, as a UTC timestamp.
    static func now(_ scope: EvaluationScope) -> Timestamp {
        Timestamp(utcDate: scope.environment.now())
    }

    private func inputTimestamp(_ scope: EvaluationScope) throws(EvaluationFailure) -> Timestamp {
        if let timestampSource { return try timestampSource.timestamp(scope) }
        let value = try arguments[0].evaluate(scope)
        guard case .string(let text) = value else {
            throw site.typeError(
                0, expected: "a string that contains a timestamp", value: value, count: arguments.count)
        }
        let now = scope.environment.now
        guard let time = TimestampParser.parse(text, today: { Timestamp(utcDate: now()) }) else {
            throw site.failure(
                "the function '\(site.name)' could not read the timestamp '\(text)'; write it in ISO 8601 form, "
                    + "for example '2018-03-15T13:00:00Z'")
        }
        return time
    }

    private func integer(at index: Int, _ scope: EvaluationScope) throws(EvaluationFailure) -> Int64 {
        let value = try arguments[index].evaluate(scope)
        guard case .integer(let integer) = value else {
            throw site.typeError(index, expected: "an integer", value: value, count: arguments.count)
        }
        return integer
    }

    private func string(at index: Int, _ scope: EvaluationScope) throws(EvaluationFailure) -> String {
        let value = try arguments[index].evaluate(scope)
        guard case .string(let text) = value else {
            throw site.typeError(index, expected: "a string", value: value, count: arguments.count)
        }
        return text
    }

    private func format(at index: Int, _ scope: EvaluationScope) throws(EvaluationFailure) -> DateTimeFormat {
        if let format = site.prepared?.format { return format }
        let text = try string(at: index, scope)
        do throws(DateTimeFormat.Invalid) {
            return try DateTimeFormat.parse(text)
        } catch {
            throw site.failure(
                "the function '\(site.name)' does not support the format '\(text)'; use a standard format character "
                    + "such as 'd' or 'o', or a custom pattern such as 'yyyy-MM-dd HH:mm:ss'")
        }
    }

    private func timeZone(at index: Int, _ scope: EvaluationScope) throws(EvaluationFailure) -> ResolvedTimeZone {
        if let zone = site.prepared?.zones[index] { return zone }
        let name = try string(at: index, scope)
        guard let zone = ResolvedTimeZone.resolve(name) else {
            throw site.failure(
                "the function '\(site.name)' does not know the time zone '\(name)'; use a Windows id such as "
                    + "'Pacific Standard Time' or an IANA id such as 'America/Los_Angeles'")
        }
        return zone
    }

    // MARK: Arithmetic

    private func utcTicks(fromLocal time: Timestamp, in zone: ResolvedTimeZone) throws(EvaluationFailure) -> Int64 {
        guard let utc = zone.utc(fromLocal: time.ticks) else {
            throw site.failure(
                "the function '\(site.name)' was given the time '\(DateTimeFormatter.format(time, with: .roundTrip))', "
                    + "which does not exist or is ambiguous in the time zone '\(zone.name)' (a daylight-saving change)")
        }
        return utc
    }

    /// A converted time held to the years 1 to 9999, as .NET's `TimeZoneInfo.ConvertTime` holds it:
    /// `convertFromUtc('0001-01-01T00:00:00Z', 'Pacific Standard Time')` is `0001-01-01T00:00:00.0000000`.
    private func clamped(_ time: Timestamp) -> Timestamp {
        Timestamp(ticks: min(max(time.ticks, 0), Timestamp.maximumTicks), kind: time.kind)
    }

    private func shift(_ time: Timestamp, by interval: Int64, unit: String) throws(EvaluationFailure) -> Timestamp {
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
            throw site.failure(
                "the function '\(site.name)' expects a time unit ('Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or "
                    + "'Year'); '\(unit)' is not one")
        }
        guard let moved else { throw unrepresentable(interval) }
        return moved
    }

    private func scaled(_ time: Timestamp, _ interval: Int64, _ unit: Int64) -> Timestamp? {
        let (delta, overflow) = interval.multipliedReportingOverflow(by: unit)
        return overflow ? nil : time.adding(ticks: delta)
    }

    private func unrepresentable(_ amount: Int64) -> EvaluationFailure {
        site.failure(
            "the function '\(site.name)' cannot move the time by \(amount): the result is outside the years 1 to 9999")
    }
}
