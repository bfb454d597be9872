/// ADF's durations: `milliseconds(n)`, `seconds(n)`, `minutes(n)`, `hours(n)`, `days(n)` and
/// `weeks(n)` are lengths of time in milliseconds (long), which `+` and `-` add to and take from
/// a timestamp (`currentUTC() - minutes(30)`).
extension FunctionTranslation {
    static let durationMilliseconds: [String: Int64] = [
        "milliseconds": 1, "seconds": 1_000, "minutes": 60_000, "hours": 3_600_000, "days": 86_400_000,
        "weeks": 604_800_000,
    ]

    func duration(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        guard let unit = Self.durationMilliseconds[key] else { return nil }
        let args = try compiled(1...1)
        if case .integer(let count)? = args[0].constant {
            let (total, overflow) = count.multipliedReportingOverflow(by: unit)
            if !overflow { return make("\(total)L", .long, constant: .integer(total)) }
        }
        return make("(CAST(\(args[0].sql) AS BIGINT) * \(unit))", .long)
    }
}
