/// Date and time functions. The driver runs Spark with the session time zone UTC, so `currentUTC()`
/// and `currentTimestamp()` are the same instant.
extension FunctionTranslation {
    func dateTime(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "currentdate":
            let args = try compiled(0...1)
            if args.count == 1 {
                return make("to_date(from_utc_timestamp(current_timestamp(), \(args[0].sql)))", .date)
            }
            return make("current_date()", .date)
        case "currenttimestamp":
            _ = try compiled(0...0)
            return make("current_timestamp()", .timestamp)
        case "currentutc":
            let args = try compiled(0...1)
            if args.count == 1 {
                throw .unsupportedOption(
                    "the time zone of currentUTC", detail: "use fromUTC(currentUTC(), zone)", at: site)
            }
            return make("current_timestamp()", .timestamp)
        case "fromutc", "toutc":
            let args = try compiled(1...2)
            guard args.count == 2 else {
                // Without a zone ADF uses the cluster's, which is UTC for pipehost's driver.
                return make(args[0].sql, .timestamp)
            }
            let spark = key == "fromutc" ? "from_utc_timestamp" : "to_utc_timestamp"
            return make("\(spark)(\(args[0].sql), \(args[1].sql))", .timestamp)
        case "year", "month", "dayofmonth", "dayofweek", "dayofyear", "weekofyear":
            return try plain(key, 1...1, .integer)
        case "hour", "minute", "second":
            let args = try compiled(1...2)
            let value = args.count == 2 ? "from_utc_timestamp(\(args[0].sql), \(args[1].sql))" : args[0].sql
            return make("\(key)(\(value))", .integer)
        case "millisecond":
            let args = try compiled(1...2)
            let value = args.count == 2 ? "from_utc_timestamp(\(args[0].sql), \(args[1].sql))" : args[0].sql
            return make("CAST(date_format(\(value), 'SSS') AS INT)", .integer)
        case "adddays", "subdays":
            let args = try compiled(2...2)
            if args[0].type == .timestamp {
                let amount = key == "adddays" ? args[1].sql : "-(\(args[1].sql))"
                return make("timestampadd(DAY, \(amount), \(args[0].sql))", .timestamp)
            }
            return make("\(key == "adddays" ? "date_add" : "date_sub")(\(args[0].sql), \(args[1].sql))", .date)
        case "addmonths", "submonths":
            let args = try compiled(2...3)
            if args.count == 3 {
                throw .unsupportedOption("the time zone of \(name)", detail: "pipehost adds months in UTC", at: site)
            }
            let amount = key == "addmonths" ? args[1].sql : "-(\(args[1].sql))"
            if args[0].type == .timestamp {
                // The date moves as a date does; the time of day stays.
                let day = "to_date(\(args[0].sql))"
                return make(
                    "timestampadd(DAY, datediff(\(Self.monthsAdded(day, amount)), \(day)), \(args[0].sql))", .timestamp)
            }
            return make(Self.monthsAdded(args[0].sql, amount), .date)
        case "monthsbetween":
            let args = try compiled(2...4)
            if args.count == 4 {
                throw .unsupportedOption("the time zone of monthsBetween", detail: "pipehost computes in UTC", at: site)
            }
            let roundOff = args.count == 3 ? args[2].sql : "true"
            return make("months_between(\(args[0].sql), \(args[1].sql), \(roundOff))", .double)
        case "lastdayofmonth":
            return try plain("last_day", 1...1, .date)
        default: return nil
        }
    }

    /// `date` moved by `amount` months as ADF moves it: the last day of a month stays the last day
    /// (`subMonths(toDate('2016-09-30'), 1)` is 2016-08-31), other days keep their number or become
    /// the shorter month's last. Spark 3's `add_months` alone keeps the number (2016-08-30).
    static func monthsAdded(_ date: String, _ amount: String) -> String {
        "CASE WHEN \(date) = last_day(\(date)) THEN last_day(add_months(\(date), \(amount))) "
            + "ELSE add_months(\(date), \(amount)) END"
    }
}
