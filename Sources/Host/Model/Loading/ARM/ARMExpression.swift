/// An ARM template language expression, parsed from the text between a string's outer brackets
/// (`[concat(parameters('factoryName'), '/load')]`).
///
/// Nesting is limited by the parser (``ARMExpressionParser/maximumDepth``), so evaluating the tree
/// recursively cannot exhaust the stack.
indirect enum ARMExpression: Sendable, Equatable {
    /// A single-quoted string literal (`''` inside it stands for one quote).
    case string(String)
    /// An integer literal.
    case integer(Int64)
    /// A function call: `name(arguments…)`; names are matched without regard to case, as ARM does.
    case call(name: String, arguments: [ARMExpression])
    /// Property access on a value: `resourceGroup().location`.
    case property(ARMExpression, name: String)
    /// Element or member access: `variables('names')[0]`, `parameters('map')['key']`.
    case index(ARMExpression, ARMExpression)
}

extension ARMExpression {
    /// What a template string holds: a literal (possibly after removing the `[[` escape), or an
    /// expression to evaluate.
    enum TemplateString: Equatable {
        case literal(String)
        case expression(String)
    }

    /// ARM's rule: a string that starts with `[` and ends with `]` is an expression, unless it
    /// starts with `[[`, which stands for a literal text starting with `[`.
    static func classify(_ text: String) -> TemplateString {
        guard text.hasPrefix("["), text.hasSuffix("]"), text.utf8.count >= 2 else { return .literal(text) }
        if text.hasPrefix("[[") { return .literal(String(text.dropFirst())) }
        return .expression(String(text.dropFirst().dropLast()))
    }
}
