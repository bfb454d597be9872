/// The operators: ADF's `+` joins strings and adds numbers and days, `==` is SQL's `=` (null when
/// either side is null), `===` is null-safe, `<=>` compares strings ignoring case.
extension ExpressionCompiler {
    func binary(_ op: BinaryOperator, _ left: CompiledExpression, _ right: CompiledExpression, site: CompileSite)
        throws(DataFlowCompileError) -> CompiledExpression
    {
        func infix(_ symbol: String, _ type: ColumnType?) -> CompiledExpression {
            CompiledExpression(sql: "(\(left.sql) \(symbol) \(right.sql))", type: type)
        }
        switch op {
        case .or: return infix("OR", .boolean)
        case .and: return infix("AND", .boolean)
        case .equal: return infix("=", .boolean)
        case .notEqual: return infix("!=", .boolean)
        case .strictEqual: return infix("<=>", .boolean)
        case .strictNotEqual: return CompiledExpression(sql: "(NOT (\(left.sql) <=> \(right.sql)))", type: .boolean)
        case .equalIgnoringCase:
            return CompiledExpression(sql: "(lower(\(left.sql)) = lower(\(right.sql)))", type: .boolean)
        case .less: return infix("<", .boolean)
        case .lessOrEqual: return infix("<=", .boolean)
        case .greater: return infix(">", .boolean)
        case .greaterOrEqual: return infix(">=", .boolean)
        case .bitAnd: return infix("&", Self.widerNumeric(left.type, right.type))
        case .bitOr: return infix("|", Self.widerNumeric(left.type, right.type))
        case .bitXor:
            // On booleans `^` is exclusive or (xor); Spark's `^` takes only integers.
            if left.type == .boolean || right.type == .boolean { return infix("!=", .boolean) }
            return infix("^", Self.widerNumeric(left.type, right.type))
        case .add: return try add(left, right, site: site)
        case .subtract:
            if left.type == .date, right.type?.isIntegral == true {
                return CompiledExpression(sql: "date_sub(\(left.sql), \(right.sql))", type: .date)
            }
            if left.type == .timestamp, right.type?.isIntegral == true {
                // ADF: a timestamp minus a duration in milliseconds (`minutes(5)`).
                return CompiledExpression(
                    sql: "timestamp_millis(unix_millis(\(left.sql)) - \(right.sql))", type: .timestamp)
            }
            if left.type == .timestamp, right.type == .timestamp {
                // ADF: the difference of two timestamps in milliseconds.
                return CompiledExpression(
                    sql: "(unix_millis(\(left.sql)) - unix_millis(\(right.sql)))", type: .long)
            }
            return infix("-", Self.widerNumeric(left.type, right.type))
        case .multiply: return infix("*", Self.widerNumeric(left.type, right.type))
        case .divide: return infix("/", .double)
        case .modulo: return infix("%", Self.widerNumeric(left.type, right.type))
        }
    }

    /// `+`: strings are joined (null if either is null, as `concat`), arrays appended, a date plus
    /// days is a date, numbers are added. With neither type known the meaning cannot be chosen.
    func add(_ left: CompiledExpression, _ right: CompiledExpression, site: CompileSite) throws(DataFlowCompileError)
        -> CompiledExpression
    {
        if left.type == .string || right.type == .string {
            let constant: Constant? =
                switch (left.constant, right.constant) {
                case (let l?, let r?) where l != .null && r != .null: .string(l.text + r.text)
                default: nil
                }
            return CompiledExpression(sql: "concat(\(left.sql), \(right.sql))", type: .string, constant: constant)
        }
        if case .array? = left.type {
            return CompiledExpression(sql: "concat(\(left.sql), \(right.sql))", type: left.type)
        }
        if case .array? = right.type {
            return CompiledExpression(sql: "concat(\(left.sql), \(right.sql))", type: right.type)
        }
        if left.type == .date, right.type?.isIntegral == true {
            return CompiledExpression(sql: "date_add(\(left.sql), \(right.sql))", type: .date)
        }
        if left.type == .timestamp, right.type?.isIntegral == true {
            // ADF: a timestamp plus a duration in milliseconds (`days(1) + hours(2)`).
            return CompiledExpression(sql: "timestamp_millis(unix_millis(\(left.sql)) + \(right.sql))", type: .timestamp)
        }
        let eitherNull = left.constant == .null || right.constant == .null
        guard (left.type != nil && right.type != nil) || eitherNull else { throw .ambiguousOperator("+", at: site) }
        var constant: Constant?
        if case .integer(let l)? = left.constant, case .integer(let r)? = right.constant {
            let (sum, overflow) = l.addingReportingOverflow(r)
            if !overflow { constant = .integer(sum) }
        }
        return CompiledExpression(
            sql: "(\(left.sql) + \(right.sql))", type: Self.widerNumeric(left.type, right.type), constant: constant)
    }

    /// The type of arithmetic on two numbers, as Spark widens them.
    static func widerNumeric(_ left: ColumnType?, _ right: ColumnType?) -> ColumnType? {
        guard let left, let right else { return left ?? right }
        let order: [ColumnType] = [.byte, .short, .integer, .long, .float, .double]
        if case .decimal = left { return right == .double || right == .float ? .double : left }
        if case .decimal = right { return left == .double || left == .float ? .double : right }
        guard let l = order.firstIndex(of: left), let r = order.firstIndex(of: right) else { return nil }
        return order[max(l, r)]
    }
}
