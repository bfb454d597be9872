import PipehostJSON

/// Builds evaluation nodes for the parser: checks argument counts, computes calls with constant
/// arguments once, prepares constant formats and time zones, and reads `pipeline()`,
/// `variables('x')` and `activity('x')` straight from the scope.
enum ExpressionCompiler {
    /// A scope for folding constant calls; foldable functions never read it.
    private static let foldingScope = EvaluationScope(environment: .live)

    /// A call of `definition`: checked, specialised and, when its arguments are constants, computed now.
    static func call(
        _ definition: FunctionDefinition, arguments: ArraySlice<ParsedValue>, position: Int
    ) throws(EvaluationFailure) -> ParsedValue {
        guard arguments.count >= definition.minimumArguments, arguments.count <= definition.maximumArguments else {
            throw EvaluationFailure(
                at: position,
                "the function '\(definition.name)' expects \(definition.arityDescription) but was given \(arguments.count)"
            )
        }
        if definition.isPipeline { return .pipeline(position: position) }
        if definition.isScopeLookup, arguments.count == 1, case .string(let key)? = arguments.first?.constantValue {
            switch definition.name {
            case "variables": return .node(VariableNode(name: key, position: position))
            case "activity": return .node(ActivityNode(name: key, position: position))
            default: break
            }
        }
        let prepared = definition.prepare?(arguments)
        let site = CallSite(name: definition.name, position: position, prepared: prepared)
        if definition.isFoldable, let value = folded(definition, site: site, arguments: arguments) {
            return .constant(value, position: position)
        }
        switch definition.body {
        case .eager(let body):
            return .node(FunctionCallNode(site: site, arguments: arguments.map(\.operand), body: body))
        case .lazy(let body):
            return .node(LazyFunctionCallNode(site: site, arguments: arguments.map(\.node), body: body))
        case .node(let make): return .node(make(site, arguments.map(\.operand)))
        }
    }

    /// The value of a foldable call whose arguments are all constants; nil when they are not, or
    /// when the call fails (it then fails when evaluated, where the error belongs).
    private static func folded(
        _ definition: FunctionDefinition, site: CallSite, arguments: ArraySlice<ParsedValue>
    ) -> JSONValue? {
        var values = Arguments(count: arguments.count)
        var offset = 0
        for index in arguments.indices {
            guard case .constant(let value, _) = arguments[index] else { return nil }
            values.set(offset, value)
            offset += 1
        }
        switch definition.body {
        case .eager(let body): return try? body(values, site, foldingScope)
        case .lazy(let body): return try? body(arguments.map(\.node), site, foldingScope)
        case .node: return nil
        }
    }

    /// `pipeline()` on its own: the whole object, built when evaluated.
    static func pipelineNode(position: Int) -> any EvaluationNode {
        FunctionCallNode(
            site: CallSite(name: "pipeline", position: position, prepared: nil), arguments: [],
            body: ScopeFunctions.pipeline)
    }

    /// Accesses after a call; `pipeline()` accesses read the scope directly, and accesses on a
    /// constant are computed now.
    static func accessors(_ steps: [AccessChainNode.Step], base: ParsedValue) -> ParsedValue {
        var steps = steps
        var baseNode: any EvaluationNode
        if case .pipeline(let position) = base {
            (baseNode, steps) = pipelineShortcut(steps, position: position)
            if steps.isEmpty { return .node(baseNode) }
        } else {
            baseNode = base.node
        }
        let chain = AccessChainNode(base: baseNode, steps: steps)
        if base.constantValue != nil, steps.allSatisfy(\.isConstant), let value = try? chain.evaluate(foldingScope) {
            return .constant(value, position: base.position)
        }
        return .node(chain)
    }

    /// `pipeline().name…` reads the member straight from the scope, and `pipeline().parameters.x`
    /// reads the parameter.
    private static func pipelineShortcut(
        _ steps: [AccessChainNode.Step], position: Int
    ) -> (any EvaluationNode, [AccessChainNode.Step]) {
        guard let (first, firstNullSafe, firstPosition) = steps.first?.memberName else {
            return (pipelineNode(position: position), steps)
        }
        let length = first.utf8.count
        let isParameters = length == 10 && asciiCaseInsensitiveEquals(first, "parameters")
        let isGlobal = length == 16 && asciiCaseInsensitiveEquals(first, "globalParameters")
        if isParameters || isGlobal, steps.count >= 2, let (name, nullSafe, namePosition) = steps[1].memberName {
            let node = PipelineParameterNode(name: name, global: isGlobal, nullSafe: nullSafe, position: namePosition)
            return (node, steps.count == 2 ? [] : Array(steps.dropFirst(2)))
        }
        let node = PipelineMemberNode(name: first, nullSafe: firstNullSafe, position: firstPosition)
        return (node, steps.count == 1 ? [] : Array(steps.dropFirst()))
    }
}

extension AccessChainNode.Step {
    var isConstant: Bool {
        switch self {
        case .member: true
        case .index(let operand, _, _): operand.constantValue != nil
        }
    }

    /// The property name of `.name`, or of `['name']` with a constant string.
    var memberName: (String, Bool, Int)? {
        switch self {
        case .member(let name, let nullSafe, let position): (name, nullSafe, position)
        case .index(let operand, let nullSafe, let position):
            if case .string(let name)? = operand.constantValue { (name, nullSafe, position) } else { nil }
        }
    }
}
