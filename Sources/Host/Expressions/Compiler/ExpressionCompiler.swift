import PipehostJSON

/// Turns parsed syntax into evaluation nodes: resolves function names without regard to case,
/// checks argument counts, computes calls with constant arguments once, prepares constant
/// formats and time zones, and reads `pipeline()`, `variables('x')` and `activity('x')` straight
/// from the scope.
enum ExpressionCompiler {
    /// A scope for folding constant calls; foldable functions never read it.
    private static let foldingScope = EvaluationScope(environment: .live)

    static func compile(_ syntax: ExpressionSyntax) throws(EvaluationFailure) -> any EvaluationNode {
        switch syntax {
        case .literal(let value, let position):
            return ConstantNode(value, position: position)
        case .call(let name, let arguments, let position, let accessors):
            let call = try compileCall(name: name, arguments: arguments, position: position)
            return try compileAccessors(accessors, base: call)
        }
    }

    private static func compileCall(
        name: String, arguments syntax: [ExpressionSyntax], position: Int
    ) throws(EvaluationFailure) -> any EvaluationNode {
        guard let definition = FunctionLibrary.definition(named: name) else {
            throw EvaluationFailure(
                at: position,
                "the function '\(name)' is not defined; see docs/expressions.md for the functions ADF offers")
        }
        guard syntax.count >= definition.minimumArguments, syntax.count <= definition.maximumArguments else {
            throw EvaluationFailure(
                at: position,
                "the function '\(definition.name)' expects \(definition.arityDescription) but was given \(syntax.count)")
        }
        var arguments: [any EvaluationNode] = []
        arguments.reserveCapacity(syntax.count)
        for argument in syntax { arguments.append(try compile(argument)) }

        if let scoped = scopeNode(definition.name, arguments: arguments, position: position) { return scoped }

        let prepared = definition.prepare?(arguments.map(\.constantValue))
        let site = CallSite(name: definition.name, position: position, prepared: prepared)
        let node: any EvaluationNode
        switch definition.body {
        case .eager(let body): node = FunctionCallNode(site: site, arguments: arguments, body: body)
        case .lazy(let body): node = LazyFunctionCallNode(site: site, arguments: arguments, body: body)
        }
        if definition.isFoldable, arguments.allSatisfy({ $0.constantValue != nil }),
            let value = try? node.evaluate(foldingScope)
        {
            return ConstantNode(value, position: position)
        }
        return node
    }

    /// `variables('x')` and `activity('x')` with a constant name become direct lookups.
    private static func scopeNode(
        _ name: String, arguments: [any EvaluationNode], position: Int
    ) -> (any EvaluationNode)? {
        guard arguments.count == 1, case .string(let key)? = arguments[0].constantValue else { return nil }
        switch name {
        case "variables": return VariableNode(name: key, position: position)
        case "activity": return ActivityNode(name: key, position: position)
        default: return nil
        }
    }

    private static func compileAccessors(
        _ accessors: [ExpressionSyntax.Accessor], base: any EvaluationNode
    ) throws(EvaluationFailure) -> any EvaluationNode {
        guard !accessors.isEmpty else { return base }
        var steps: [AccessChainNode.Step] = []
        steps.reserveCapacity(accessors.count)
        for accessor in accessors {
            switch accessor {
            case .member(let name, let nullSafe, let position):
                steps.append(.member(name: name, nullSafe: nullSafe, position: position))
            case .index(let syntax, let nullSafe, let position):
                let index = try compile(syntax)
                // A constant string index on an object is the same as a member access.
                steps.append(.index(index, nullSafe: nullSafe, position: position))
            }
        }
        var base = base
        if let call = base as? FunctionCallNode, call.site.name == "pipeline" {
            (base, steps) = pipelineShortcut(steps, position: call.position, fallback: base)
            if steps.isEmpty { return base }
        }
        let chain = AccessChainNode(base: base, steps: steps)
        if base.constantValue != nil, steps.allSatisfy(\.isConstant), let value = try? chain.evaluate(foldingScope) {
            return ConstantNode(value, position: base.position)
        }
        return chain
    }

    /// `pipeline().name…` reads the member straight from the scope, and `pipeline().parameters.x`
    /// reads the parameter.
    private static func pipelineShortcut(
        _ steps: [AccessChainNode.Step], position: Int, fallback: any EvaluationNode
    ) -> (any EvaluationNode, [AccessChainNode.Step]) {
        guard let (first, firstNullSafe, firstPosition) = steps.first?.memberName else { return (fallback, steps) }
        let isParameters = asciiCaseInsensitiveEquals(first, "parameters")
        let isGlobal = asciiCaseInsensitiveEquals(first, "globalParameters")
        if isParameters || isGlobal, steps.count >= 2, let (name, nullSafe, namePosition) = steps[1].memberName {
            let node = PipelineParameterNode(name: name, global: isGlobal, nullSafe: nullSafe, position: namePosition)
            return (node, Array(steps.dropFirst(2)))
        }
        let node = PipelineMemberNode(name: first, nullSafe: firstNullSafe, position: firstPosition)
        return (node, Array(steps.dropFirst()))
    }
}

extension AccessChainNode.Step {
    var isConstant: Bool {
        switch self {
        case .member: true
        case .index(let node, _, _): node.constantValue != nil
        }
    }

    /// The property name of `.name`, or of `['name']` with a constant string.
    var memberName: (String, Bool, Int)? {
        switch self {
        case .member(let name, let nullSafe, let position): (name, nullSafe, position)
        case .index(let node, let nullSafe, let position):
            if case .string(let name)? = node.constantValue { (name, nullSafe, position) } else { nil }
        }
    }
}
