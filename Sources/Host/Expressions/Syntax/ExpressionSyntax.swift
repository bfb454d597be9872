import PipehostJSON

/// The parsed form of an expression body, before functions are resolved. Positions are UTF-8
/// offsets in the source text.
indirect enum ExpressionSyntax {
    /// A string, number, boolean or null literal.
    case literal(JSONValue, position: Int)
    /// `name(arguments…)`, followed by any property or index accesses.
    case call(name: String, arguments: [ExpressionSyntax], position: Int, accessors: [Accessor])

    /// `.name`, `?.name`, `[expression]` or `?[expression]` after a function call.
    enum Accessor {
        case member(name: String, nullSafe: Bool, position: Int)
        case index(ExpressionSyntax, nullSafe: Bool, position: Int)
    }

    var position: Int {
        switch self {
        case .literal(_, let position): position
        case .call(_, _, let position, _): position
        }
    }
}
