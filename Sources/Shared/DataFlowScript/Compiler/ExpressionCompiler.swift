/// An expression compiled to Spark SQL: the text, its type when known, and its value when it is
/// known when compiling (a literal, a parameter, or folded from them).
struct CompiledExpression: Sendable, Hashable {
    var sql: String
    var type: ColumnType?
    var constant: Constant?

    init(sql: String, type: ColumnType?, constant: Constant? = nil) {
        self.sql = sql
        self.type = type
        self.constant = constant
    }
}

/// What an expression can see: the statement it belongs to (for errors), the parameters, the input's
/// columns, the named inputs of a join (`Stream@column`), the column a rule-based mapping is at
/// (`$$`), and the variables of a higher-order function (`#item`).
struct ExpressionScope {
    var site: CompileSite
    var parameters: [String: CompiledExpression]
    var input: KnownSchema
    var streams: [String: KnownSchema] = [:]
    /// Streams whose `Stream@column` reads the input's `column`: earlier streams the input's Spark
    /// frame no longer knows by name.
    var unqualified: Set<String> = []
    var currentColumn: KnownColumn?
    var lambdaVariables: [String: CompiledExpression] = [:]
    /// Whether the input's rows carry alter-row marks (an alter row upstream): `isUpsert()` reads them.
    var rowsMarked = false

    func at(_ position: SourcePosition) -> CompileSite {
        CompileSite(stream: site.stream, transformation: site.transformation, at: position)
    }
}

/// Translates data flow expressions to Spark SQL text with ADF's semantics (docs/data-flows.md has
/// the function table and the differences that remain).
struct ExpressionCompiler {
    var scope: ExpressionScope

    func compile(_ expression: DataFlowExpression) throws(DataFlowCompileError) -> CompiledExpression {
        let site = scope.at(expression.position)
        switch expression.kind {
        case .number(let literal):
            switch literal.value {
            case .integer(let value):
                let isLong = literal.text.hasSuffix("L") || literal.text.hasSuffix("l")
                let fits = value >= Int64(Int32.min) && value <= Int64(Int32.max)
                return CompiledExpression(
                    sql: SparkSQL.integer(value, long: isLong), type: isLong || !fits ? .long : .integer,
                    constant: .integer(value))
            case .double(let value):
                return CompiledExpression(sql: SparkSQL.double(value), type: .double, constant: .double(value))
            }
        case .string(let text), .regex(let text):
            return CompiledExpression(sql: SparkSQL.string(text), type: .string, constant: .string(text))
        case .interpolatedString(let parts):
            return try interpolated(parts)
        case .boolean(let flag):
            return CompiledExpression(sql: flag ? "true" : "false", type: .boolean, constant: .boolean(flag))
        case .null:
            return CompiledExpression(sql: "NULL", type: nil, constant: .null)
        case .column(let name), .quotedColumn(let name):
            return column(name)
        case .parameter(let name):
            guard let value = scope.parameters[name] else { throw .unknownParameter(name, at: site) }
            return value
        case .currentColumn:
            guard let current = scope.currentColumn else {
                throw .unsupportedExpression("'$$' outside a rule-based mapping (each(match(...), ...))", at: site)
            }
            return CompiledExpression(sql: SparkSQL.identifier(current.name), type: current.type)
        case .hashName(let name):
            guard let variable = scope.lambdaVariables[name] else {
                throw .unsupportedExpression("'#\(name)' outside the function that defines it", at: site)
            }
            return variable
        case .local(let name):
            throw .unsupportedExpression("the derived column local ':\(name)'", at: site)
        case .call(let call):
            if let receiver = call.receiver {
                throw .unsupportedExpression("the cached lookup '\(receiver)#\(call.name)(...)'", at: site)
            }
            return try FunctionTranslation(compiler: self, call: call, site: site).translate()
        case .unary(let op, let operand):
            let inner = try compile(operand)
            switch op {
            case .not: return CompiledExpression(sql: "(NOT \(inner.sql))", type: .boolean)
            case .negate:
                var constant: Constant?
                switch inner.constant {
                case .integer(let value)? where value != Int64.min: constant = .integer(-value)
                case .double(let value)?: constant = .double(-value)
                default: constant = nil
                }
                return CompiledExpression(sql: "(- \(inner.sql))", type: inner.type, constant: constant)
            }
        case .binary(let op, let left, let right):
            return try binary(op, try compile(left), try compile(right), site: site)
        case .index(let base, let index):
            return try element(of: try compile(base), at: try compile(index))
        case .field(let base, let name):
            let inner = try compile(base)
            var type: ColumnType?
            if case .structure(let fields)? = inner.type {
                type = fields.first { $0.name.lowercased() == name.text.lowercased() }?.type
            }
            return CompiledExpression(sql: "\(inner.sql).\(SparkSQL.identifier(name.text))", type: type)
        case .streamColumn(let stream, let name):
            let streamName: String
            switch stream.kind {
            case .column(let text), .quotedColumn(let text): streamName = text
            default: throw .unsupportedExpression("'\(expression.printed())'", at: site)
            }
            if scope.unqualified.contains(streamName) { return column(name.text) }
            let type = scope.streams[streamName]?.column(named: name.text)?.type
            return CompiledExpression(
                sql: "\(SparkSQL.identifier(streamName)).\(SparkSQL.identifier(name.text))", type: type)
        case .parenthesized(let inner):
            let compiled = try compile(inner)
            return CompiledExpression(sql: compiled.sql, type: compiled.type, constant: compiled.constant)
        case .array(let elements):
            let compiled = try elements.map { (element) throws(DataFlowCompileError) in try compile(element) }
            let constants = compiled.compactMap(\.constant)
            return CompiledExpression(
                sql: "array(" + compiled.map(\.sql).joined(separator: ", ") + ")",
                type: .array(compiled.first?.type),
                constant: constants.count == compiled.count ? .array(constants) : nil)
        case .map(let entries):
            var parts: [String] = []
            var keyType: ColumnType?
            var valueType: ColumnType?
            for entry in entries {
                let key = try compile(entry.key)
                let value = try compile(entry.value)
                keyType = keyType ?? key.type
                valueType = valueType ?? value.type
                parts += [key.sql, value.sql]
            }
            return CompiledExpression(
                sql: "map(" + parts.joined(separator: ", ") + ")", type: .map(key: keyType, value: valueType))
        case .structure(let arguments):
            var parts: [String] = []
            var fields: [KnownColumn] = []
            for argument in arguments {
                guard case .assignment(let target, let value) = argument.kind else {
                    throw .invalidArgument(
                        "a field of @(...)", expected: "written 'name = value'", at: scope.at(argument.position))
                }
                let name = try constantName(target)
                let compiled = try compile(value)
                parts += [SparkSQL.string(name), compiled.sql]
                fields.append(KnownColumn(name: name, type: compiled.type))
            }
            return CompiledExpression(
                sql: "named_struct(" + parts.joined(separator: ", ") + ")", type: .structure(fields))
        case .typed:
            throw .unsupportedExpression("reading text as a type ('? type')", at: site)
        }
    }

    /// A column of the input by name.
    func column(_ name: String) -> CompiledExpression {
        CompiledExpression(sql: SparkSQL.identifier(name), type: scope.input.column(named: name)?.type)
    }

    /// A name written as a column, a `{quoted name}`, a string, a parameter or a constant expression.
    func constantName(_ expression: DataFlowExpression) throws(DataFlowCompileError) -> String {
        switch expression.kind {
        case .column(let name), .quotedColumn(let name): return name
        default:
            let compiled = try compile(expression)
            guard case .string(let text)? = compiled.constant else {
                throw .invalidArgument(
                    "the name '\(expression.printed())'", expected: "a column name, a string or a string parameter",
                    at: scope.at(expression.position))
            }
            return text
        }
    }

    private func interpolated(_ parts: [InterpolationPart]) throws(DataFlowCompileError) -> CompiledExpression {
        var pieces: [String] = []
        var constantText: String? = ""
        for part in parts {
            switch part {
            case .text(let text):
                pieces.append(SparkSQL.string(text))
                constantText? += text
            case .expression(let inner):
                let compiled = try compile(inner)
                pieces.append(compiled.type == .string ? compiled.sql : "CAST(\(compiled.sql) AS STRING)")
                if let constant = compiled.constant, constant != .null {
                    constantText? += constant.text
                } else {
                    constantText = nil
                }
            }
        }
        if pieces.isEmpty { return CompiledExpression(sql: "''", type: .string, constant: .string("")) }
        return CompiledExpression(
            sql: pieces.count == 1 ? pieces[0] : "concat(" + pieces.joined(separator: ", ") + ")", type: .string,
            constant: constantText.map(Constant.string))
    }

    /// `value[index]`: 1-based for arrays (out of range gives null, as in ADF), by key for maps.
    func element(of base: CompiledExpression, at index: CompiledExpression) throws(DataFlowCompileError)
        -> CompiledExpression
    {
        var isMap = false
        var elementType: ColumnType?
        switch base.type {
        case .map(_, let value)?:
            isMap = true
            elementType = value
        case .array(let element)?: elementType = element
        default: isMap = index.type == .string
        }
        if isMap { return CompiledExpression(sql: "element_at(\(base.sql), \(index.sql))", type: elementType) }
        if let position = index.constant?.integerValue, position > 0 {
            return CompiledExpression(sql: "element_at(\(base.sql), \(index.sql))", type: elementType)
        }
        // element_at refuses 0 and counts negative positions from the end; ADF gives null for both.
        return CompiledExpression(
            sql: "CASE WHEN \(index.sql) > 0 THEN element_at(\(base.sql), \(index.sql)) END", type: elementType)
    }
}
