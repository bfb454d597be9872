/// Data flow expressions: precedence climbing over `BinaryOperator.precedence`, then unary
/// operators, postfix forms (`[i]`, `.field`, `@column`) and primaries.
extension ScriptParser {
    mutating func parseExpression() throws(DataFlowScriptError) -> DataFlowExpression {
        try enter { (parser: inout ScriptParser) throws(DataFlowScriptError) -> DataFlowExpression in
            let value = try parser.parseBinary(level: BinaryOperator.lowestPrecedence)
            guard parser.isSymbol(.question) else { return value }
            parser.advance()
            let type = try parser.parseType()
            return try parser.checked(DataFlowExpression(.typed(value, type), at: value.position))
        }
    }

    /// Refuses a node higher than the nesting limit (long operator chains grow trees without nesting).
    func checked(_ expression: DataFlowExpression) throws(DataFlowScriptError) -> DataFlowExpression {
        guard expression.height <= Self.maximumNesting else {
            throw .nestingTooDeep(limit: Self.maximumNesting, at: expression.position)
        }
        return expression
    }

    private var binaryOperator: BinaryOperator? {
        guard case .symbol(let symbol) = current.kind else { return nil }
        return BinaryOperator(rawValue: symbol.rawValue)
    }

    private mutating func parseBinary(level: Int) throws(DataFlowScriptError) -> DataFlowExpression {
        if level > BinaryOperator.highestPrecedence { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        while let op = binaryOperator, op.precedence == level {
            advance()
            let right = try parseBinary(level: level + 1)
            left = try checked(DataFlowExpression(.binary(op, left, right), at: left.position))
        }
        return left
    }

    private mutating func parseUnary() throws(DataFlowScriptError) -> DataFlowExpression {
        var prefixes: [(UnaryOperator, SourcePosition)] = []
        while true {
            if isSymbol(.bang) {
                prefixes.append((.not, current.position))
            } else if isSymbol(.minus) {
                prefixes.append((.negate, current.position))
            } else {
                break
            }
            guard prefixes.count <= Self.maximumNesting else {
                throw .nestingTooDeep(limit: Self.maximumNesting, at: current.position)
            }
            advance()
        }
        var operand = try parsePostfix()
        for (op, position) in prefixes.reversed() {
            operand = try checked(DataFlowExpression(.unary(op, operand), at: position))
        }
        return operand
    }

    private mutating func parsePostfix() throws(DataFlowScriptError) -> DataFlowExpression {
        var value = try parsePrimary()
        while true {
            if isSymbol(.leftBracket) {
                advance()
                let subscriptValue = try parseExpression()
                try expect(.rightBracket, after: "an index")
                value = try checked(DataFlowExpression(.index(value, subscriptValue), at: value.position))
            } else if isSymbol(.dot) {
                advance()
                let name = try parseName(after: "'.'")
                value = try checked(DataFlowExpression(.field(value, name), at: value.position))
            } else if isSymbol(.at) {
                advance()
                let name = try parseName(after: "'@'")
                value = try checked(DataFlowExpression(.streamColumn(value, name), at: value.position))
            } else {
                return value
            }
        }
    }

    private mutating func parseName(after context: String) throws(DataFlowScriptError) -> Name {
        switch current.kind {
        case .identifier(let name):
            advance()
            return .plain(name)
        case .quotedName(let name):
            advance()
            return .quoted(name)
        default:
            throw expected("a column name", after: context)
        }
    }

    private mutating func parsePrimary() throws(DataFlowScriptError) -> DataFlowExpression {
        let token = current
        let position = token.position
        switch token.kind {
        case .number(let number):
            advance()
            return DataFlowExpression(.number(number), at: position)
        case .string(let text):
            advance()
            return DataFlowExpression(.string(text), at: position)
        case .regex(let text):
            advance()
            return DataFlowExpression(.regex(text), at: position)
        case .interpolatedString(let segments):
            advance()
            return try checked(DataFlowExpression(.interpolatedString(try interpolationParts(segments)), at: position))
        case .quotedName(let name):
            advance()
            return DataFlowExpression(.quotedColumn(name), at: position)
        case .parameter(let name):
            advance()
            return DataFlowExpression(.parameter(name), at: position)
        case .currentColumn:
            advance()
            return DataFlowExpression(.currentColumn, at: position)
        case .hashName(let name):
            advance()
            return DataFlowExpression(.hashName(name), at: position)
        case .identifier(let name):
            return try parseNamed(name, at: position)
        case .symbol(.colon):
            guard case .identifier(let name) = peek(1).kind else { throw expected("an expression") }
            advance()
            advance()
            return DataFlowExpression(.local(name), at: position)
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            try expect(.rightParen, after: "a parenthesized expression")
            return try checked(DataFlowExpression(.parenthesized(inner), at: position))
        case .symbol(.leftBracket):
            advance()
            return try parseArrayOrMap(at: position)
        case .symbol(.at) where isSymbol(.leftParen, peek(1)):
            advance()
            advance()
            let fields = try parseArguments(closing: .rightParen, owner: "'@('")
            return try checked(DataFlowExpression(.structure(fields), at: position))
        default:
            throw expected("an expression")
        }
    }

    /// An identifier: a literal word, a call, a cached sink's `name#lookup(…)`, or a column.
    private mutating func parseNamed(_ name: String, at position: SourcePosition) throws(DataFlowScriptError)
        -> DataFlowExpression
    {
        advance()
        if case .hashName(let function) = current.kind, isSymbol(.leftParen, peek(1)) {
            advance()
            advance()
            let arguments = try parseArguments(closing: .rightParen, owner: "'\(name)#\(function)('")
            let call = FunctionCall(receiver: name, name: function, arguments: arguments)
            return try checked(DataFlowExpression(.call(call), at: position))
        }
        if isSymbol(.leftParen) {
            advance()
            let arguments = try parseArguments(closing: .rightParen, owner: "'\(name)('")
            return try checked(DataFlowExpression(.call(FunctionCall(name: name, arguments: arguments)), at: position))
        }
        switch name {
        case "true": return DataFlowExpression(.boolean(true), at: position)
        case "false": return DataFlowExpression(.boolean(false), at: position)
        case _ where name.lowercased() == "null": return DataFlowExpression(.null, at: position)
        default: return DataFlowExpression(.column(name), at: position)
        }
    }

    private mutating func parseArrayOrMap(at position: SourcePosition) throws(DataFlowScriptError) -> DataFlowExpression
    {
        try enter { (parser: inout ScriptParser) throws(DataFlowScriptError) -> DataFlowExpression in
            if parser.isSymbol(.rightBracket) {
                parser.advance()
                return DataFlowExpression(.array([]), at: position)
            }
            let first = try parser.parseExpression()
            if parser.isSymbol(.arrow) {
                parser.advance()
                var entries = [MapEntry(key: first, value: try parser.parseExpression())]
                while parser.isSymbol(.comma) {
                    parser.advance()
                    let key = try parser.parseExpression()
                    try parser.expect(.arrow, after: "a map key")
                    entries.append(MapEntry(key: key, value: try parser.parseExpression()))
                }
                try parser.expect(.rightBracket, after: "the entries of a map")
                return try parser.checked(DataFlowExpression(.map(entries), at: position))
            }
            var elements = [first]
            while parser.isSymbol(.comma) {
                parser.advance()
                elements.append(try parser.parseExpression())
            }
            guard parser.isSymbol(.rightBracket) else {
                throw parser.expected("',' or ']'", after: "an element of a list")
            }
            parser.advance()
            return try parser.checked(DataFlowExpression(.array(elements), at: position))
        }
    }

    /// Reads each embedded `{expression}` of a double-quoted string with a parser of its own that
    /// continues this one's nesting count.
    private func interpolationParts(_ segments: [StringSegment]) throws(DataFlowScriptError) -> [InterpolationPart] {
        var parts: [InterpolationPart] = []
        for segment in segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .expression(let source, let position):
                guard depth < Self.maximumNesting else {
                    throw .nestingTooDeep(limit: Self.maximumNesting, at: position)
                }
                var inner = try ScriptParser(scalars: source, start: position, depth: depth + 1)
                let value = try inner.parseExpression()
                guard inner.atEnd else { throw inner.expected("'}' closing the interpolated expression") }
                parts.append(.expression(value))
            }
        }
        return parts
    }
}
