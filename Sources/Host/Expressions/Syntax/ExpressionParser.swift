import PipehostJSON

/// A recursive-descent parser for one expression body:
///
///     expression := literal | call accessor*
///     call       := identifier '(' [expression (',' expression)*] ')'
///     accessor   := ('.' | '?.') identifier | ('[' | '?[') expression ']'
///     literal    := string | integer | float | true | false | null   (keywords in any case)
///
/// As in ADF, literals take no accessors (`'abc'[0]` is an error) and a bare identifier that is not
/// a keyword must be a function call.
struct ExpressionParser {
    private var lexer: ExpressionLexer
    private var current: ExpressionToken
    /// Nesting deeper than this is refused instead of risking the stack.
    static let maximumDepth = 256

    /// Parses `bytes[start..<end]` as one complete expression.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int
    ) throws(EvaluationFailure) -> ExpressionSyntax {
        var parser = try ExpressionParser(bytes: bytes, start: start, end: end)
        let expression = try parser.parseExpression(depth: 0)
        guard parser.current.kind == .end else {
            throw EvaluationFailure(
                at: parser.current.start, "expected the end of the expression but found \(parser.current.description)")
        }
        return expression
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) throws(EvaluationFailure) {
        lexer = ExpressionLexer(bytes: bytes, start: start, end: end)
        current = ExpressionToken(kind: .end, start: start, end: start)
        current = try lexer.next()
    }

    private mutating func advance() throws(EvaluationFailure) {
        current = try lexer.next()
    }

    private mutating func parseExpression(depth: Int) throws(EvaluationFailure) -> ExpressionSyntax {
        guard depth < Self.maximumDepth else {
            throw EvaluationFailure(at: current.start, "the expression is nested too deeply")
        }
        let token = current
        switch token.kind {
        case .string:
            try advance()
            return .literal(.string(token.text), position: token.start)
        case .integer(let value):
            try advance()
            return .literal(.integer(value), position: token.start)
        case .float(let value):
            try advance()
            return .literal(.double(value), position: token.start)
        case .identifier:
            try advance()
            if current.kind != .leftParenthesis, let keyword = Self.keyword(token.text) {
                return .literal(keyword, position: token.start)
            }
            guard current.kind == .leftParenthesis else {
                throw EvaluationFailure(
                    at: current.start,
                    "expected '(' after the function name '\(token.text)' but found \(current.description)")
            }
            try advance()
            var arguments: [ExpressionSyntax] = []
            if current.kind != .rightParenthesis {
                while true {
                    arguments.append(try parseExpression(depth: depth + 1))
                    if current.kind == .comma {
                        try advance()
                        continue
                    }
                    break
                }
            }
            guard current.kind == .rightParenthesis else {
                throw EvaluationFailure(
                    at: current.start,
                    "expected ',' or ')' in the call of '\(token.text)' but found \(current.description)")
            }
            try advance()
            let accessors = try parseAccessors(depth: depth)
            return .call(name: token.text, arguments: arguments, position: token.start, accessors: accessors)
        default:
            throw EvaluationFailure(
                at: token.start, "expected a function call or a literal value but found \(token.description)")
        }
    }

    private mutating func parseAccessors(depth: Int) throws(EvaluationFailure) -> [ExpressionSyntax.Accessor] {
        var accessors: [ExpressionSyntax.Accessor] = []
        while true {
            let token = current
            switch token.kind {
            case .dot, .questionDot:
                try advance()
                guard current.kind == .identifier else {
                    throw EvaluationFailure(
                        at: current.start, "expected a property name after '.' but found \(current.description)")
                }
                accessors.append(.member(name: current.text, nullSafe: token.kind == .questionDot, position: current.start))
                try advance()
            case .leftBracket, .questionBracket:
                try advance()
                let index = try parseExpression(depth: depth + 1)
                guard current.kind == .rightBracket else {
                    throw EvaluationFailure(at: current.start, "expected ']' but found \(current.description)")
                }
                try advance()
                accessors.append(.index(index, nullSafe: token.kind == .questionBracket, position: token.start))
            default:
                return accessors
            }
        }
    }

    private static func keyword(_ text: String) -> JSONValue? {
        switch text.utf8.count {
        case 4:
            if asciiCaseInsensitiveEquals(text, "true") { return .bool(true) }
            if asciiCaseInsensitiveEquals(text, "null") { return .null }
        case 5:
            if asciiCaseInsensitiveEquals(text, "false") { return .bool(false) }
        default: break
        }
        return nil
    }
}
