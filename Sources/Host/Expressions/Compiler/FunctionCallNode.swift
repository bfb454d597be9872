import PipehostJSON

/// A call of a built-in function whose arguments are evaluated first, left to right.
final class FunctionCallNode: EvaluationNode {
    let position: Int
    let site: CallSite
    let arguments: [Operand]
    let body: FunctionDefinition.Eager

    init(site: CallSite, arguments: [Operand], body: @escaping FunctionDefinition.Eager) {
        self.site = site
        self.position = site.position
        self.arguments = arguments
        self.body = body
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        var values = Arguments(count: arguments.count)
        for index in arguments.indices {
            values.set(index, try arguments[index].evaluate(scope))
        }
        return try body(values, site, scope)
    }
}

/// A call of a function that evaluates its own arguments (and may skip some).
final class LazyFunctionCallNode: EvaluationNode {
    let position: Int
    let site: CallSite
    let arguments: [any EvaluationNode]
    let body: FunctionDefinition.Lazy

    init(site: CallSite, arguments: [any EvaluationNode], body: @escaping FunctionDefinition.Lazy) {
        self.site = site
        self.position = site.position
        self.arguments = arguments
        self.body = body
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        try body(arguments, site, scope)
    }
}
