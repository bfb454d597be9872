import PipehostJSON

/// and, equals, greater, greaterOrEquals, if, less, lessOrEquals, not, or. `and`, `or` and `if`
/// evaluate only the arguments they need, as in ADF.
enum LogicalFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("and", arguments: 1...Int.max) { nodes, call, scope throws(EvaluationFailure) in
            try shortCircuit(nodes, call, scope, stopAt: false)
        },
        FunctionDefinition("or", arguments: 1...Int.max) { nodes, call, scope throws(EvaluationFailure) in
            try shortCircuit(nodes, call, scope, stopAt: true)
        },
        FunctionDefinition("if", arguments: 3...3) { nodes, call, scope throws(EvaluationFailure) in
            let condition = try nodes[0].evaluate(scope)
            guard case .bool(let flag) = condition else {
                throw call.typeError(0, expected: "a boolean", value: condition, count: 3)
            }
            return try nodes[flag ? 1 : 2].evaluate(scope)
        },
        FunctionDefinition("not", arguments: 1...1) { arguments, call, _ throws(EvaluationFailure) in
            .bool(!(try call.boolean(arguments, 0)))
        },
        FunctionDefinition("equals", arguments: 2...Int.max) { arguments, _, _ in
            for index in 1..<arguments.count where !ValueEquality.equals(arguments[0], arguments[index]) {
                return .bool(false)
            }
            return .bool(true)
        },
        FunctionDefinition("greater", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(try order(arguments, call) > 0)
        },
        FunctionDefinition("greaterOrEquals", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(try order(arguments, call) >= 0)
        },
        FunctionDefinition("less", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(try order(arguments, call) < 0)
        },
        FunctionDefinition("lessOrEquals", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            .bool(try order(arguments, call) <= 0)
        },
    ]

    private static func shortCircuit(
        _ nodes: [any EvaluationNode], _ call: CallSite, _ scope: EvaluationScope, stopAt: Bool
    ) throws(EvaluationFailure) -> JSONValue {
        for (index, node) in nodes.enumerated() {
            let value = try node.evaluate(scope)
            guard case .bool(let flag) = value else {
                throw call.failure(
                    "the function '\(call.name)' expects all of its parameters to be booleans; parameter \(index + 1) "
                        + "is of type '\(value.expressionTypeName)'")
            }
            if flag == stopAt { return .bool(stopAt) }
        }
        return .bool(!stopAt)
    }

    private static func order(_ arguments: Arguments, _ call: CallSite) throws(EvaluationFailure) -> Int {
        let lhs = arguments[0]
        let rhs = arguments[1]
        if let result = ValueEquality.compare(lhs, rhs) { return result }
        for (index, value) in [lhs, rhs].enumerated() {
            switch value {
            case .integer, .double, .string: continue
            default:
                throw call.typeError(index, expected: "an integer, a float or a string", value: value)
            }
        }
        throw call.failure(
            "the function '\(call.name)' expects two values of matching types (numbers or strings); it was given "
                + "'\(lhs.expressionTypeName)' and '\(rhs.expressionTypeName)'")
    }
}
