import PipehostJSON

/// What the parser holds while it compiles: a constant not yet boxed in a node (so that calls with
/// constant arguments are computed without allocating nodes for them), `pipeline()` before its
/// accessors are known, or a compiled node.
enum ParsedValue {
    case constant(JSONValue, position: Int)
    case pipeline(position: Int)
    case node(any EvaluationNode)

    var constantValue: JSONValue? {
        if case .constant(let value, _) = self { return value }
        return nil
    }

    var position: Int {
        switch self {
        case .constant(_, let position), .pipeline(let position): position
        case .node(let node): node.position
        }
    }

    /// The value as a call argument: constants stay inline.
    var operand: Operand {
        switch self {
        case .constant(let value, _): .constant(value)
        default: .node(node)
        }
    }

    /// The value as a node.
    var node: any EvaluationNode {
        switch self {
        case .constant(let value, let position): ConstantNode(value, position: position)
        case .pipeline(let position): ExpressionCompiler.pipelineNode(position: position)
        case .node(let node): node
        }
    }
}
