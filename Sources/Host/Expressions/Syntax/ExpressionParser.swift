import PipehostJSON

/// A recursive-descent parser that compiles as it parses, straight into evaluation nodes:
///
///     expression := literal | call accessor*
///     call       := identifier '(' [expression (',' expression)*] ')'
///     accessor   := ('.' | '?.') identifier | ('[' | '?[') expression ']'
///     literal    := string | integer | float | true | false | null   (keywords in any case)
///
/// As in ADF, literals take no accessors (`'abc'[0]` is an error) and a bare identifier that is not
/// a keyword must be a function call. To keep compiling cheap there is no intermediate syntax tree:
/// function names are looked up straight from the source bytes, arguments collect in one scratch
/// array, and constants stay unboxed until a node needs them, so constant calls fold for free.
struct ExpressionParser {
    private var lexer: ExpressionLexer
    private var current: ExpressionToken
    /// Arguments of the calls being parsed, innermost last.
    private var scratch: [ParsedValue] = []
    /// Nesting deeper than this is refused instead of risking the stack.
    static let maximumDepth = 256

    /// Parses and compiles `bytes[start..<end]` as one complete expression.
    static func compile(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int
    ) throws(EvaluationFailure) -> any EvaluationNode {
        var parser = try ExpressionParser(bytes: bytes, start: start, end: end)
        let expression = try parser.parseExpression(depth: 0)
        guard parser.current.kind == .end else {
            throw EvaluationFailure(
                at: parser.current.start, "expected the end of the expression but found \(parser.current.description)")
        }
        return expression.node
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) throws(EvaluationFailure) {
        lexer = ExpressionLexer(bytes: bytes, start: start, end: end)
        current = ExpressionToken(kind: .end, start: start, end: start)
        scratch.reserveCapacity(8)
        current = try lexer.next()
    }

    private mutating func advance() throws(EvaluationFailure) {
        current = try lexer.next()
    }

    private mutating func parseExpression(depth: Int) throws(EvaluationFailure) -> ParsedValue {
        guard depth < Self.maximumDepth else {
            throw EvaluationFailure(at: current.start, "the expression is nested too deeply")
        }
        let token = current
        switch token.kind {
        case .string:
            try advance()
            return .constant(.string(lexer.literalText(of: token)), position: token.start)
        case .integer:
            try advance()
            return .constant(.integer(token.integer), position: token.start)
        case .float:
            try advance()
            return .constant(.double(token.float), position: token.start)
        case .identifier:
            try advance()
            if current.kind != .leftParenthesis, let keyword = Self.keyword(lexer.bytes(of: token)) {
                return .constant(keyword, position: token.start)
            }
            guard current.kind == .leftParenthesis else {
                throw EvaluationFailure(
                    at: current.start,
                    "expected '(' after the function name '\(lexer.text(of: token))' but found \(current.description)")
            }
            guard let definition = FunctionLibrary.definition(named: lexer.bytes(of: token)) else {
                throw EvaluationFailure(
                    at: token.start,
                    "the function '\(lexer.text(of: token))' is not defined; see docs/expressions.md for the "
                        + "functions ADF offers")
            }
            try advance()
            let base = scratch.count
            if current.kind != .rightParenthesis {
                while true {
                    let argument = try parseExpression(depth: depth + 1)
                    scratch.append(argument)
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
                    "expected ',' or ')' in the call of '\(definition.name)' but found \(current.description)")
            }
            try advance()
            let call = try ExpressionCompiler.call(definition, arguments: scratch[base...], position: token.start)
            while scratch.count > base { scratch.removeLast() }
            return try parseAccessors(of: call, depth: depth)
        default:
            throw EvaluationFailure(
                at: token.start, "expected a function call or a literal value but found \(token.description)")
        }
    }

    private mutating func parseAccessors(of base: ParsedValue, depth: Int) throws(EvaluationFailure) -> ParsedValue {
        guard isAccessorStart(current.kind) else { return base }
        if case .pipeline = base, let shortcut = try parsePipelineMember() {
            return try parseAccessors(of: shortcut, depth: depth)
        }
        var steps: [AccessChainNode.Step] = []
        steps.reserveCapacity(4)
        while isAccessorStart(current.kind) {
            let token = current
            try advance()
            let nullSafe = token.kind == .questionDot || token.kind == .questionBracket
            if token.kind == .dot || token.kind == .questionDot {
                guard current.kind == .identifier else {
                    throw EvaluationFailure(
                        at: current.start, "expected a property name after '.' but found \(current.description)")
                }
                steps.append(.member(name: lexer.text(of: current), nullSafe: nullSafe, position: current.start))
                try advance()
            } else {
                let index = try parseExpression(depth: depth + 1)
                guard current.kind == .rightBracket else {
                    throw EvaluationFailure(at: current.start, "expected ']' but found \(current.description)")
                }
                try advance()
                let step = AccessChainNode.Step.index(index.operand, nullSafe: nullSafe, position: token.start)
                steps.append(step)
            }
        }
        return ExpressionCompiler.accessors(steps, base: base)
    }

    /// `pipeline().name` or `pipeline().parameters.name` written with dots: the node that reads it
    /// straight from the scope; nil (having consumed nothing) for any other shape.
    private mutating func parsePipelineMember() throws(EvaluationFailure) -> ParsedValue? {
        guard current.kind == .dot || current.kind == .questionDot else { return nil }
        let saved = (lexer, current)
        let nullSafe = current.kind == .questionDot
        try advance()
        guard current.kind == .identifier else {
            (lexer, current) = saved
            return nil
        }
        let name = current
        try advance()
        let global = Self.equalsIgnoringCase(lexer.bytes(of: name), "globalParameters")
        if global || Self.equalsIgnoringCase(lexer.bytes(of: name), "parameters") {
            guard current.kind == .dot || current.kind == .questionDot else {
                return .node(PipelineMemberNode(name: lexer.text(of: name), nullSafe: nullSafe, position: name.start))
            }
            let memberNullSafe = current.kind == .questionDot
            try advance()
            guard current.kind == .identifier else {
                throw EvaluationFailure(
                    at: current.start, "expected a property name after '.' but found \(current.description)")
            }
            let parameter = current
            try advance()
            return .node(
                PipelineParameterNode(
                    name: lexer.text(of: parameter), global: global, nullSafe: memberNullSafe, position: parameter.start))
        }
        return .node(PipelineMemberNode(name: lexer.text(of: name), nullSafe: nullSafe, position: name.start))
    }

    private func isAccessorStart(_ kind: ExpressionToken.Kind) -> Bool {
        switch kind {
        case .dot, .questionDot, .leftBracket, .questionBracket: true
        default: false
        }
    }

    /// Whether `bytes` spell `word` ignoring ASCII case (`word` is given in lower or camel case).
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            for index in 0..<bytes.count where bytes[index] | 0x20 != expected[index] | 0x20 { return false }
            return true
        }
    }

    private static func keyword(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        switch bytes.count {
        case 4:
            if equalsIgnoringCase(bytes, "true") { return .bool(true) }
            if equalsIgnoringCase(bytes, "null") { return .null }
        case 5:
            if equalsIgnoringCase(bytes, "false") { return .bool(false) }
        default: break
        }
        return nil
    }
}
