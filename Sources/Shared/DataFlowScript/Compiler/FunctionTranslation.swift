/// One call of a data flow function translated to Spark SQL. The names are ADF's, matched without
/// regard to case (ADF's own documentation writes `stdDev` and `stddev`); docs/data-flows.md lists
/// every one with its translation and the differences that remain.
struct FunctionTranslation {
    let compiler: ExpressionCompiler
    let call: FunctionCall
    let site: CompileSite

    var name: String { call.name }

    /// The positional arguments; named or assigned ones are errors for a function.
    func arguments() throws(DataFlowCompileError) -> [DataFlowExpression] {
        var values: [DataFlowExpression] = []
        for argument in call.arguments {
            guard case .value(let value) = argument.kind else {
                throw .invalidArgument(
                    "the argument '\(argument.printed())' of '\(name)'", expected: "a value",
                    at: compiler.scope.at(argument.position))
            }
            values.append(value)
        }
        return values
    }

    /// The arguments compiled, after checking their number.
    func compiled(_ range: ClosedRange<Int>) throws(DataFlowCompileError) -> [CompiledExpression] {
        let values = try arguments()
        guard range.contains(values.count) else {
            let expected: String
            if range.lowerBound == range.upperBound {
                expected = range.lowerBound == 1 ? "1 argument" : "\(range.lowerBound) arguments"
            } else if range.upperBound == Int.max {
                expected = "at least \(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s")"
            } else {
                expected = "\(range.lowerBound) to \(range.upperBound) arguments"
            }
            throw .wrongArgumentCount(function: name, expected: expected, found: values.count, at: site)
        }
        return try values.map { (value) throws(DataFlowCompileError) in try compiler.compile(value) }
    }

    /// A string argument known when compiling (a format, a time zone).
    func constantString(_ argument: CompiledExpression, _ what: String) throws(DataFlowCompileError) -> String {
        guard case .string(let text)? = argument.constant else {
            throw .constantRequired(function: name, argument: what, at: site)
        }
        return text
    }

    /// An integer argument known when compiling (a precision, a rounding mode).
    func constantInteger(_ argument: CompiledExpression, _ what: String) throws(DataFlowCompileError) -> Int64 {
        guard case .integer(let value)? = argument.constant else {
            throw .constantRequired(function: name, argument: what, at: site)
        }
        return value
    }

    func translate() throws(DataFlowCompileError) -> CompiledExpression {
        let key = name.lowercased()
        if let result = try logical(key) { return result }
        if let result = try conversion(key) { return result }
        if let result = try text(key) { return result }
        if let result = try math(key) { return result }
        if let result = try dateTime(key) { return result }
        if let result = try aggregate(key) { return result }
        if let result = try window(key) { return result }
        if let result = try arrayAndColumn(key) { return result }
        if let result = try rowMark(key) { return result }
        if let result = try duration(key) { return result }
        throw .unsupportedFunction(name, at: site)
    }

    /// `name(a, b, …)` with the Spark function `spark` and the result type `type`.
    func plain(_ spark: String, _ range: ClosedRange<Int>, _ type: ColumnType?) throws(DataFlowCompileError)
        -> CompiledExpression
    {
        let args = try compiled(range)
        return CompiledExpression(sql: "\(spark)(" + args.map(\.sql).joined(separator: ", ") + ")", type: type)
    }

    func make(_ sql: String, _ type: ColumnType?, constant: Constant? = nil) -> CompiledExpression {
        CompiledExpression(sql: sql, type: type, constant: constant)
    }

    /// Conditions, comparisons, logic and nulls.
    func logical(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "true": _ = try compiled(0...0); return make("true", .boolean, constant: .boolean(true))
        case "false": _ = try compiled(0...0); return make("false", .boolean, constant: .boolean(false))
        case "null": _ = try compiled(0...0); return make("NULL", nil, constant: .null)
        case "iif":
            let args = try compiled(2...3)
            let otherwise = args.count == 3 ? args[2].sql : "NULL"
            return make(
                "CASE WHEN \(args[0].sql) THEN \(args[1].sql) ELSE \(otherwise) END", args[1].type ?? args.last?.type)
        case "case":
            let args = try compiled(2...Int.max)
            var sql = "CASE"
            var index = 0
            while index + 1 < args.count {
                sql += " WHEN \(args[index].sql) THEN \(args[index + 1].sql)"
                index += 2
            }
            if index < args.count { sql += " ELSE \(args[index].sql)" }
            return make(sql + " END", args[1].type)
        case "isnull":
            let args = try compiled(1...1)
            return make("(\(args[0].sql) IS NULL)", .boolean)
        case "coalesce", "iifnull":
            let args = try compiled(1...Int.max)
            return make("coalesce(" + args.map(\.sql).joined(separator: ", ") + ")", args.compactMap(\.type).first)
        case "not":
            let args = try compiled(1...1)
            return make("(NOT \(args[0].sql))", .boolean)
        case "and", "or", "xor", "equals", "notequals", "greater", "greaterorequal", "lesser", "lesserorequal",
            "equalsignorecase", "add", "minus", "multiply", "divide", "mod", "bitwiseand", "bitwiseor", "bitwisexor":
            let args = try compiled(2...2)
            let op: BinaryOperator =
                switch key {
                case "and": .and
                case "or": .or
                case "xor": .bitXor
                case "equals": .equal
                case "notequals": .notEqual
                case "greater": .greater
                case "greaterorequal": .greaterOrEqual
                case "lesser": .less
                case "lesserorequal": .lessOrEqual
                case "equalsignorecase": .equalIgnoringCase
                case "add": .add
                case "minus": .subtract
                case "multiply": .multiply
                case "divide": .divide
                case "mod": .modulo
                case "bitwiseand": .bitAnd
                case "bitwiseor": .bitOr
                default: .bitXor
                }
            if key == "xor" {
                return make("(\(args[0].sql) != \(args[1].sql))", .boolean)
            }
            return try compiler.binary(op, args[0], args[1], site: site)
        case "between":
            let args = try compiled(3...3)
            return make("(\(args[0].sql) BETWEEN \(args[1].sql) AND \(args[2].sql))", .boolean)
        case "in":
            let args = try compiled(2...2)
            return make("array_contains(\(args[0].sql), \(args[1].sql))", .boolean)
        case "isnan":
            let args = try compiled(1...1)
            return make("isnan(\(args[0].sql))", .boolean)
        case "greatest", "least":
            let args = try compiled(1...Int.max)
            return make("\(key)(" + args.map(\.sql).joined(separator: ", ") + ")", args.compactMap(\.type).first)
        default: return nil
        }
    }
}
