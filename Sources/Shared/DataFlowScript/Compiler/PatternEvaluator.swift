/// Evaluates, when compiling, the condition of `each(match(condition), …)` and a rule's target name
/// for one input column: `name`, `type`, `position` and `$$` are that column, `$param` the
/// parameters' values. Only what such rules use is supported; the rest is a compile error.
struct PatternEvaluator {
    var column: KnownColumn
    var position: Int
    var parameters: [String: CompiledExpression]
    var site: CompileSite

    func evaluate(_ expression: DataFlowExpression) throws(DataFlowCompileError) -> Constant {
        let here = CompileSite(stream: site.stream, transformation: site.transformation, at: expression.position)
        switch expression.kind {
        case .number(let literal):
            switch literal.value {
            case .integer(let value): return .integer(value)
            case .double(let value): return .double(value)
            }
        case .string(let text), .regex(let text): return .string(text)
        case .boolean(let flag): return .boolean(flag)
        case .null: return .null
        case .currentColumn: return .string(column.name)
        case .column(let name):
            switch name.lowercased() {
            case "name": return .string(column.name)
            case "type": return .string(column.type?.adfName ?? "string")
            case "position": return .integer(Int64(position))
            default:
                throw .unsupportedExpression(
                    "'\(name)' in a column pattern (use name, type, position or $$)", at: here)
            }
        case .parameter(let name):
            guard let value = parameters[name] else { throw .unknownParameter(name, at: here) }
            guard let constant = value.constant else {
                throw .constantRequired(function: "match", argument: "parameter $\(name)", at: here)
            }
            return constant
        case .parenthesized(let inner): return try evaluate(inner)
        case .array(let elements):
            return .array(try elements.map { (element) throws(DataFlowCompileError) in try evaluate(element) })
        case .interpolatedString(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let piece): text += piece
                case .expression(let inner): text += try evaluate(inner).text
                }
            }
            return .string(text)
        case .unary(.not, let operand):
            return try boolean(evaluate(operand), here).map { .boolean(!$0) } ?? .null
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left), try evaluate(right), here)
        case .call(let call) where call.receiver == nil:
            return try function(call, here)
        default:
            throw .unsupportedExpression("'\(expression.printed())' in a column pattern", at: here)
        }
    }

    private func boolean(_ value: Constant, _ site: CompileSite) throws(DataFlowCompileError) -> Bool? {
        switch value {
        case .boolean(let flag): return flag
        case .null: return nil
        default: throw .invalidArgument("'\(value.text)' in a column pattern", expected: "true or false", at: site)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Constant, _ right: Constant, _ site: CompileSite)
        throws(DataFlowCompileError) -> Constant
    {
        switch op {
        case .and, .or:
            let l = try boolean(left, site) ?? false
            let r = try boolean(right, site) ?? false
            return .boolean(op == .and ? l && r : l || r)
        case .equal, .strictEqual: return .boolean(left == right)
        case .notEqual, .strictNotEqual: return .boolean(left != right)
        case .equalIgnoringCase: return .boolean(left.text.lowercased() == right.text.lowercased())
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Bool?
            switch (left, right) {
            case (.integer(let l), .integer(let r)):
                order = op == .less ? l < r : op == .lessOrEqual ? l <= r : op == .greater ? l > r : l >= r
            case (.string(let l), .string(let r)):
                order = op == .less ? l < r : op == .lessOrEqual ? l <= r : op == .greater ? l > r : l >= r
            default: order = nil
            }
            guard let order else {
                throw .unsupportedExpression(
                    "comparing '\(left.text)' and '\(right.text)' in a column pattern", at: site)
            }
            return .boolean(order)
        case .add:
            if case .integer(let l) = left, case .integer(let r) = right {
                let (sum, overflow) = l.addingReportingOverflow(r)
                if !overflow { return .integer(sum) }
            }
            return .string(left.text + right.text)
        default:
            throw .unsupportedExpression("the operator '\(op.rawValue)' in a column pattern", at: site)
        }
    }

    private func function(_ call: FunctionCall, _ site: CompileSite) throws(DataFlowCompileError) -> Constant {
        var values: [Constant] = []
        for argument in call.arguments {
            guard case .value(let value) = argument.kind else {
                throw .unsupportedExpression("'\(argument.printed())' in a column pattern", at: site)
            }
            values.append(try evaluate(value))
        }
        func texts(_ count: Int) throws(DataFlowCompileError) -> [String] {
            guard values.count == count else {
                throw .wrongArgumentCount(
                    function: call.name, expected: "\(count) arguments", found: values.count, at: site)
            }
            return values.map(\.text)
        }
        switch call.name.lowercased() {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "startswith":
            let args = try texts(2)
            return .boolean(args[0].hasPrefix(args[1]))
        case "endswith":
            let args = try texts(2)
            return .boolean(args[0].hasSuffix(args[1]))
        case "lower": return .string(try texts(1)[0].lowercased())
        case "upper": return .string(try texts(1)[0].uppercased())
        case "length": return .integer(Int64(try texts(1)[0].count))
        case "instr":
            let args = try texts(2)
            guard let range = Substring(args[0]).firstRange(of: args[1]) else { return .integer(0) }
            return .integer(Int64(args[0].distance(from: args[0].startIndex, to: range.lowerBound) + 1))
        case "concat": return .string(values.map(\.text).joined())
        case "equals": return .boolean(try texts(2).count == 2 && values[0] == values[1])
        case "notequals": return .boolean(try texts(2).count == 2 && values[0] != values[1])
        case "not":
            guard values.count == 1 else {
                throw .wrongArgumentCount(function: call.name, expected: "1 argument", found: values.count, at: site)
            }
            return try boolean(values[0], site).map { .boolean(!$0) } ?? .null
        case "in":
            guard values.count == 2, case .array(let elements) = values[0] else {
                throw .invalidArgument("in(...) in a column pattern", expected: "in([values], value)", at: site)
            }
            return .boolean(elements.contains(values[1]))
        case "typematch":
            let args = try texts(2)
            return .boolean(Self.typeMatches(args[0], args[1]))
        default:
            throw .unsupportedExpression("the function '\(call.name)' in a column pattern", at: site)
        }
    }

    /// ADF's `typeMatch(type, 'number' | 'integral' | 'fractional' | 'datetime' | a type name)`.
    static func typeMatches(_ type: String, _ base: String) -> Bool {
        let integral: Set<String> = ["short", "integer", "long", "byte"]
        let fractional: Set<String> = ["double", "float"]
        let isDecimal = type.hasPrefix("decimal")
        switch base.lowercased() {
        case "number": return integral.contains(type) || fractional.contains(type) || isDecimal
        case "integral": return integral.contains(type)
        case "fractional": return fractional.contains(type) || isDecimal
        case "datetime": return type == "date" || type == "timestamp"
        default: return type == base.lowercased()
        }
    }
}
