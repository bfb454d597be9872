/// Type conversions: `toString`, `toInteger` … `toTimestamp`, `toBoolean`.
extension FunctionTranslation {
    func conversion(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "tostring":
            let args = try compiled(1...3)
            if args.count == 3 {
                throw .unsupportedOption(
                    "the locale argument of toString", detail: "Spark formats in one locale", at: site)
            }
            guard args.count == 2 else {
                var constant: Constant?
                switch args[0].constant {
                case .string(let text)?: constant = .string(text)
                case .integer(let value)?: constant = .string(String(value))
                case .boolean(let flag)?: constant = .string(flag ? "true" : "false")
                default: constant = nil
                }
                return make("CAST(\(args[0].sql) AS STRING)", .string, constant: constant)
            }
            let format = try constantString(args[1], "format")
            if Self.isNumberFormat(format, for: args[0].type) {
                return make("format_number(\(args[0].sql), \(SparkSQL.string(format)))", .string)
            }
            let pattern = try sparkPattern(format, parsing: false)
            return make("date_format(\(args[0].sql), \(SparkSQL.string(pattern)))", .string)
        case "tointeger", "tolong", "toshort", "tobyte", "todouble", "tofloat":
            let args = try compiled(1...3)
            if args.count > 1 {
                throw .unsupportedOption(
                    "the number format of \(name)",
                    detail: "Spark casts without Java decimal formats; remove the format",
                    at: site)
            }
            let type: ColumnType =
                switch key {
                case "tointeger": .integer
                case "tolong": .long
                case "toshort": .short
                case "tobyte": .byte
                case "todouble": .double
                default: .float
                }
            return make("CAST(\(args[0].sql) AS \(type.sparkDDL.uppercased()))", type)
        case "todecimal":
            let args = try compiled(1...5)
            if args.count > 3 {
                throw .unsupportedOption(
                    "the number format of toDecimal", detail: "Spark casts without Java decimal formats", at: site)
            }
            let precision = args.count > 1 ? try constantInteger(args[1], "precision") : 10
            let scale = args.count > 2 ? try constantInteger(args[2], "scale") : 2
            guard (1...38).contains(precision), (0...precision).contains(scale) else {
                throw .invalidArgument(
                    "the precision and scale of toDecimal", expected: "1...38 and 0...precision", at: site)
            }
            let type = ColumnType.decimal(precision: Int(precision), scale: Int(scale))
            return make("CAST(\(args[0].sql) AS \(type.sparkDDL))", type)
        case "toboolean":
            let args = try compiled(1...1)
            // Spark's cast accepts exactly ADF's words: t, true, y, yes, 1 and f, false, n, no, 0; others give null.
            return make("CAST(\(args[0].sql) AS BOOLEAN)", .boolean)
        case "todate":
            let args = try compiled(1...2)
            guard args.count == 2 else { return make("to_date(\(args[0].sql))", .date) }
            let pattern = try sparkPattern(try constantString(args[1], "date format"), parsing: true)
            return make("to_date(\(args[0].sql), \(SparkSQL.string(pattern)))", .date)
        case "totimestamp":
            let args = try compiled(1...3)
            var sql: String
            if args.count >= 2, args[1].constant != .null {
                let pattern = try sparkPattern(try constantString(args[1], "timestamp format"), parsing: true)
                sql = "to_timestamp(\(args[0].sql), \(SparkSQL.string(pattern)))"
            } else {
                sql = "to_timestamp(\(args[0].sql))"
            }
            if args.count == 3 {
                // The text is a wall-clock time in that zone; the driver's session time zone is UTC.
                sql = "to_utc_timestamp(\(sql), \(args[2].sql))"
            }
            return make(sql, .timestamp)
        default: return nil
        }
    }

    func sparkPattern(_ format: String, parsing: Bool) throws(DataFlowCompileError) -> String {
        switch DateFormatTranslation.spark(format, parsing: parsing) {
        case .success(let pattern): return pattern
        case .failure(let problem): throw .unsupportedDateFormat(format, detail: problem.detail, at: site)
        }
    }

    /// A Java decimal format (`##,###.##`, `000.0`) rather than a date format: by the value's type
    /// when known, else by the pattern's letters.
    static func isNumberFormat(_ format: String, for type: ColumnType?) -> Bool {
        if let type {
            if type == .date || type == .timestamp { return false }
            if type.isNumeric { return true }
        }
        return format.allSatisfy { "#0.,E%;-+ ".contains($0) }
    }
}
