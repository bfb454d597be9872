/// Aggregate functions (in `aggregate` and as window columns) and window functions.
extension FunctionTranslation {
    func aggregate(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        /// `sumIf(condition, value)` and its kin: the aggregate over the values of the rows that meet the condition.
        func conditional(_ spark: String, _ type: ColumnType?) throws(DataFlowCompileError) -> CompiledExpression {
            let args = try compiled(2...2)
            return make("\(spark)(CASE WHEN \(args[0].sql) THEN \(args[1].sql) END)", type ?? args[1].type)
        }
        switch key {
        case "count":
            let args = try compiled(0...Int.max)
            if args.isEmpty { return make("count(1)", .long) }
            return make("count(" + args.map(\.sql).joined(separator: ", ") + ")", .long)
        case "countall":
            _ = try compiled(0...1)
            return make("count(1)", .long)
        case "countdistinct":
            let args = try compiled(1...Int.max)
            return make("count(DISTINCT " + args.map(\.sql).joined(separator: ", ") + ")", .long)
        case "countif":
            let args = try compiled(1...2)
            let value = args.count == 2 ? args[1].sql : "1"
            return make("count(CASE WHEN \(args[0].sql) THEN \(value) END)", .long)
        case "approxdistinctcount":
            let args = try compiled(1...2)
            return make("approx_count_distinct(" + args.map(\.sql).joined(separator: ", ") + ")", .long)
        case "sum":
            let args = try compiled(1...1)
            return make("sum(\(args[0].sql))", Self.sumType(args[0].type))
        case "sumdistinct":
            let args = try compiled(1...1)
            return make("sum(DISTINCT \(args[0].sql))", Self.sumType(args[0].type))
        case "sumif":
            let args = try compiled(2...2)
            return make("sum(CASE WHEN \(args[0].sql) THEN \(args[1].sql) END)", Self.sumType(args[1].type))
        case "sumdistinctif":
            let args = try compiled(2...2)
            return make("sum(DISTINCT CASE WHEN \(args[0].sql) THEN \(args[1].sql) END)", Self.sumType(args[1].type))
        case "avg", "mean":
            return try plain("avg", 1...1, .double)
        case "avgif", "meanif": return try conditional("avg", .double)
        case "min", "max":
            let args = try compiled(1...1)
            return make("\(key)(\(args[0].sql))", args[0].type)
        case "minif": return try conditional("min", nil)
        case "maxif": return try conditional("max", nil)
        case "first", "last":
            let args = try compiled(1...2)
            let ignoreNulls = args.count == 2 ? args[1].sql : "false"
            return make("\(key)(\(args[0].sql), \(ignoreNulls))", args[0].type)
        case "collect":
            let args = try compiled(1...1)
            return make("collect_list(\(args[0].sql))", .array(args[0].type))
        case "collectunique":
            let args = try compiled(1...1)
            return make("collect_set(\(args[0].sql))", .array(args[0].type))
        case "stddev", "stddevsample": return try plain("stddev_samp", 1...1, .double)
        case "stddevpopulation": return try plain("stddev_pop", 1...1, .double)
        case "variance", "variancesample": return try plain("var_samp", 1...1, .double)
        case "variancepopulation": return try plain("var_pop", 1...1, .double)
        case "stddevif", "stddevsampleif": return try conditional("stddev_samp", .double)
        case "stddevpopulationif": return try conditional("stddev_pop", .double)
        case "varianceif", "variancesampleif": return try conditional("var_samp", .double)
        case "variancepopulationif": return try conditional("var_pop", .double)
        case "kurtosis", "skewness": return try plain(key, 1...1, .double)
        case "kurtosisif": return try conditional("kurtosis", .double)
        case "skewnessif": return try conditional("skewness", .double)
        case "covariancepopulation": return try plain("covar_pop", 2...2, .double)
        case "covariancesample": return try plain("covar_samp", 2...2, .double)
        default: return nil
        }
    }

    /// Spark's sum: integers as bigint, decimals wider by 10 digits, the rest as double.
    static func sumType(_ type: ColumnType?) -> ColumnType? {
        guard let type else { return nil }
        if type.isIntegral { return .long }
        if case .decimal(let precision, let scale) = type {
            return .decimal(precision: min(38, precision + 10), scale: scale)
        }
        return .double
    }

    func window(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "rownumber": return try plain("row_number", 0...0, .integer)
        case "rank": return try plain("rank", 0...0, .integer)
        case "denserank": return try plain("dense_rank", 0...0, .integer)
        case "cumedist": return try plain("cume_dist", 0...0, .double)
        case "percentrank": return try plain("percent_rank", 0...0, .double)
        case "ntile":
            let args = try compiled(1...1)
            return make("ntile(\(args[0].sql))", .integer)
        case "lag", "lead":
            let args = try compiled(1...3)
            return make("\(key)(" + args.map(\.sql).joined(separator: ", ") + ")", args[0].type)
        default: return nil
        }
    }
}
