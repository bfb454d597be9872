import PipehostJSON

/// Data flow parameters bound to values: the activity's value when given, else the declared
/// default, each ready to inline as a typed Spark SQL literal (or, for a default such as
/// `currentDate()`, as the compiled expression).
struct ParameterBinding {
    private(set) var values: [String: CompiledExpression] = [:]

    init(script: DataFlowScript, given: [String: JSONValue]) throws(DataFlowCompileError) {
        for parameter in script.parameters {
            let site = CompileSite(stream: "", transformation: "parameters", at: parameter.position)
            let type: ColumnType
            switch ColumnType.from(parameter.type) {
            case .success(let found): type = found
            case .failure(let failure): throw .unknownType(failure.name, at: site)
            }
            if let value = given[parameter.name] {
                do {
                    let constant = try Self.constant(value, as: type, parameter: parameter.name, site: site)
                    values[parameter.name] = CompiledExpression(
                        sql: ConstantLiteral.sql(constant, as: type), type: type, constant: constant)
                } catch {
                    // ADF's activity gives a data flow parameter a data flow expression
                    // (`toTimestamp('2024-01-31 00:00:00')`, `addDays(currentDate(), -1)`). A value
                    // that is not a literal of the declared type is compiled as one, as a default is;
                    // a string parameter's text stays text, as ADF quotes pipeline values for it.
                    guard type != .string, case .string(let text) = value,
                        let expression = try? DataFlowExpression.parse(text), case .call = expression.kind
                    else { throw error }
                    values[parameter.name] = try Self.compiled(expression, as: type, parameter: parameter.name, site: site)
                }
            } else if let defaultValue = parameter.defaultValue {
                values[parameter.name] = try Self.compiled(defaultValue, as: type, parameter: parameter.name, site: site)
            } else {
                throw .missingParameterValue(parameter.name, at: site)
            }
        }
    }

    /// An expression for a parameter (its default, or a value given as an expression): a constant
    /// result is checked against the type and inlined as a literal, anything else (`currentDate()`)
    /// compiled as it is, typed as declared.
    static func compiled(_ expression: DataFlowExpression, as type: ColumnType, parameter: String, site: CompileSite)
        throws(DataFlowCompileError) -> CompiledExpression
    {
        let compiler = ExpressionCompiler(scope: ExpressionScope(site: site, parameters: [:], input: .unknown))
        var compiled = try compiler.compile(expression)
        if let constant = compiled.constant {
            let typed = try Self.constant(constant.json, as: type, parameter: parameter, site: site)
            compiled = CompiledExpression(sql: ConstantLiteral.sql(typed, as: type), type: type, constant: typed)
        } else {
            compiled.type = type
        }
        return compiled
    }

    /// `value` checked against the parameter's type: numbers, booleans and dates may be given as text.
    static func constant(_ value: JSONValue, as type: ColumnType, parameter: String, site: CompileSite)
        throws(DataFlowCompileError) -> Constant
    {
        func wrong(_ expected: String) -> DataFlowCompileError {
            .invalidParameterValue(parameter, expected: expected, found: JSONSerializer.serialize(value), at: site)
        }
        if value.isNull { return .null }
        switch type {
        case .string:
            switch value {
            case .string(let text): return .string(text)
            case .integer(let number): return .string(String(number))
            case .double(let number): return .string("\(number)")
            case .bool(let flag): return .string(flag ? "true" : "false")
            default: throw wrong("a string")
            }
        case .byte, .short, .integer, .long:
            let number: Int64?
            switch value {
            case .integer(let found): number = found
            case .string(let text): number = Int64(text.trimmingSpaces())
            default: number = nil
            }
            guard let number else { throw wrong("an integer") }
            let limits: ClosedRange<Int64> =
                switch type {
                case .byte: -128...127
                case .short: -32768...32767
                case .integer: Int64(Int32.min)...Int64(Int32.max)
                default: Int64.min...Int64.max
                }
            guard limits.contains(number) else {
                throw wrong("an integer in \(limits.lowerBound)...\(limits.upperBound)")
            }
            return .integer(number)
        case .float, .double, .decimal:
            switch value {
            case .integer(let number): return .integer(number)
            case .double(let number): return .double(number)
            case .string(let text):
                if let number = Int64(text.trimmingSpaces()) { return .integer(number) }
                if let number = Double(text.trimmingSpaces()), number.isFinite { return .double(number) }
                throw wrong("a number")
            default: throw wrong("a number")
            }
        case .boolean:
            switch value {
            case .bool(let flag): return .boolean(flag)
            case .string(let text) where text.lowercased() == "true": return .boolean(true)
            case .string(let text) where text.lowercased() == "false": return .boolean(false)
            default: throw wrong("true or false")
            }
        case .date:
            guard case .string(let text) = value, DateLiteralText.isDate(text) else { throw wrong("a date yyyy-MM-dd") }
            return .string(text)
        case .timestamp:
            guard case .string(let text) = value, DateLiteralText.isTimestamp(text) else {
                throw wrong("a timestamp yyyy-MM-dd HH:mm:ss (or with T, fractions and a zone)")
            }
            return .string(text)
        case .array(let element):
            let elements: [JSONValue]
            switch value {
            case .array(let found): elements = found
            case .string(let text):
                // From the command line: a JSON array.
                guard case .array(let found)? = try? JSONParser.parse(text) else { throw wrong("an array") }
                elements = found
            default: throw wrong("an array")
            }
            var constants: [Constant] = []
            for item in elements {
                constants.append(try constant(item, as: element ?? .string, parameter: parameter, site: site))
            }
            return .array(constants)
        case .binary, .map, .structure:
            throw wrong("a value of a type pipehost binds (string, number, boolean, date, timestamp or an array)")
        }
    }
}

extension Constant {
    /// The constant as JSON, to check a default value like a given one.
    var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .double(let number): .double(number)
        case .boolean(let flag): .bool(flag)
        case .null: .null
        case .array(let elements): .array(elements.map(\.json))
        }
    }
}

/// The shapes Spark's `DATE'…'` and `TIMESTAMP'…'` literals accept, checked before inlining a value.
enum DateLiteralText {
    /// `yyyy-M-d` with one- or two-digit month and day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count)
        else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A date, then optionally `T` or a space and a time made of digits, `:`, `.`, and a zone (`Z`, `+01:00`).
    static func isTimestamp(_ text: String) -> Bool {
        let datePart = text.prefix { $0 != "T" && $0 != " " }
        guard isDate(String(datePart)) else { return false }
        let rest = text.dropFirst(datePart.count)
        guard !rest.isEmpty else { return true }
        return rest.dropFirst().allSatisfy { ($0.isASCII && $0.isNumber) || ":.+-Z".contains($0) }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
