/// A recursive-descent parser for data flow scripts: the `parameters{…}` block and the statements.
/// Expressions are in `ScriptParser+Expressions.swift`, types in `ScriptParser+Types.swift`.
///
/// Every descent goes through `enter`, which counts nesting and refuses more than
/// `maximumNesting` levels, so no input can exhaust the stack.
struct ScriptParser {
    /// How deep parentheses, calls, operators and types may nest.
    static let maximumNesting = 200

    var tokens: [Token]
    var index = 0
    var depth: Int

    init(text: String) throws(DataFlowScriptError) {
        try self.init(scalars: Array(text.unicodeScalars), start: .start, depth: 0)
    }

    init(scalars: [Unicode.Scalar], start: SourcePosition, depth: Int) throws(DataFlowScriptError) {
        var lexer = Lexer(scalars: scalars, start: start, nestingLimit: Self.maximumNesting)
        tokens = try lexer.tokens()
        self.depth = depth
    }

    // MARK: Tokens

    var current: Token { tokens[index] }

    func peek(_ offset: Int) -> Token {
        let at = index + offset
        return at < tokens.count ? tokens[at] : tokens[tokens.count - 1]
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func isSymbol(_ symbol: Symbol, _ token: Token? = nil) -> Bool {
        if case .symbol(let found) = (token ?? current).kind { return found == symbol }
        return false
    }

    func isWord(_ word: String, _ token: Token? = nil) -> Bool {
        if case .identifier(let found) = (token ?? current).kind { return found == word }
        return false
    }

    var atEnd: Bool {
        if case .end = current.kind { return true }
        return false
    }

    func expected(_ what: String, after context: String? = nil) -> DataFlowScriptError {
        .expected(what, after: context, found: current.kind.described, at: current.position)
    }

    mutating func expect(_ symbol: Symbol, after context: String? = nil) throws(DataFlowScriptError) {
        guard isSymbol(symbol) else { throw expected("'\(symbol.rawValue)'", after: context) }
        advance()
    }

    mutating func identifier(_ what: String, after context: String? = nil) throws(DataFlowScriptError) -> String {
        guard case .identifier(let name) = current.kind else { throw expected(what, after: context) }
        advance()
        return name
    }

    /// Counts one more level of nesting for the duration of `body`.
    mutating func enter<T>(_ body: (inout ScriptParser) throws(DataFlowScriptError) -> T) throws(DataFlowScriptError)
        -> T
    {
        guard depth < Self.maximumNesting else {
            throw .nestingTooDeep(limit: Self.maximumNesting, at: current.position)
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    // MARK: Script

    mutating func parseScript() throws(DataFlowScriptError) -> DataFlowScript {
        var script = DataFlowScript()
        if isWord("parameters"), isSymbol(.leftBrace, peek(1)) {
            advance()
            advance()
            script.parameters = try parseParameters()
        }
        while !atEnd {
            script.statements.append(try parseStatement())
        }
        return script
    }

    private mutating func parseParameters() throws(DataFlowScriptError) -> [ScriptParameter] {
        var parameters: [ScriptParameter] = []
        if isSymbol(.rightBrace) {
            advance()
            return parameters
        }
        while true {
            let position = current.position
            let name = try identifier(
                "a parameter name",
                after: parameters.last.map { "the ',' following parameter '\($0.name)'" } ?? "'parameters{'")
            if parameters.contains(where: { $0.name == name }) { throw .duplicateParameter(name, at: position) }
            guard isWord("as") else { throw expected("'as' and the parameter's type", after: "parameter '\(name)'") }
            advance()
            let type = try parseType()
            var defaultValue: DataFlowExpression?
            if isSymbol(.leftParen) {
                advance()
                defaultValue = try parseExpression()
                try expect(.rightParen, after: "the default value of parameter '\(name)'")
            }
            parameters.append(ScriptParameter(name: name, type: type, defaultValue: defaultValue, at: position))
            if isSymbol(.comma) {
                advance()
                continue
            }
            guard isSymbol(.rightBrace) else {
                throw expected("',' or '}'", after: "parameter '\(name)'")
            }
            advance()
            return parameters
        }
    }

    private mutating func parseStatement() throws(DataFlowScriptError) -> Statement {
        let start = current.position
        var inputs: [StreamReference] = []
        var transformation = ""
        while true {
            let position = current.position
            let context =
                inputs.isEmpty ? (index == 0 ? nil : "the previous statement") : "input '\(inputs[inputs.count - 1])'"
            guard case .identifier(let name) = current.kind else {
                if inputs.isEmpty {
                    throw expected(
                        "a statement (an input stream's name, or a transformation such as 'source(')", after: context)
                }
                throw expected("the name of another input stream", after: context)
            }
            if isSymbol(.leftParen, peek(1)) {
                transformation = name
                advance()
                break
            }
            advance()
            var branch: String?
            if isSymbol(.at) {
                advance()
                branch = try identifier("the name of one of '\(name)''s outputs", after: "'\(name)@'")
            }
            let reference = StreamReference(stream: name, branch: branch, at: position)
            inputs.append(reference)
            if isSymbol(.comma) {
                advance()
            } else if case .identifier = current.kind {
                continue
            } else {
                throw expected(
                    "',' and another input, or a transformation such as 'derive('", after: "input '\(reference)'")
            }
        }
        advance()  // '('
        let arguments = try parseArguments(closing: .rightParen, owner: "'\(transformation)('")
        let described = "'\(transformation)(...)'"
        guard isSymbol(.flow) else { throw expected("'~>' and the transformation's name", after: described) }
        advance()
        let namePosition = current.position
        let name = try identifier("the transformation's name", after: "'~>'")
        var branches: [String] = []
        if isSymbol(.at) {
            advance()
            if isSymbol(.leftParen) {
                advance()
                while true {
                    branches.append(try identifier("an output name", after: branches.isEmpty ? "'\(name)@('" : "','"))
                    if isSymbol(.comma) {
                        advance()
                        continue
                    }
                    try expect(.rightParen, after: "the output names of '\(name)'")
                    break
                }
            } else {
                branches.append(try identifier("an output name or '(' and output names", after: "'\(name)@'"))
            }
        }
        return Statement(
            inputs: inputs, transformation: transformation, arguments: arguments, name: name, branches: branches,
            at: start, namePosition: namePosition)
    }

    // MARK: Arguments

    /// Arguments up to `closing` (whose opening token is already read).
    mutating func parseArguments(closing: Symbol, owner: String) throws(DataFlowScriptError) -> [ScriptArgument] {
        try enter { (parser: inout ScriptParser) throws(DataFlowScriptError) -> [ScriptArgument] in
            var arguments: [ScriptArgument] = []
            if parser.isSymbol(closing) {
                parser.advance()
                return arguments
            }
            while true {
                arguments.append(try parser.parseArgument())
                if parser.isSymbol(.comma) {
                    parser.advance()
                    continue
                }
                guard parser.isSymbol(closing) else {
                    throw parser.expected("',' or '\(closing.rawValue)'", after: "an argument of \(owner)")
                }
                parser.advance()
                return arguments
            }
        }
    }

    private mutating func parseArgument() throws(DataFlowScriptError) -> ScriptArgument {
        let position = current.position
        if case .identifier(let name) = current.kind, isSymbol(.colon, peek(1)) {
            advance()
            advance()
            let value = try parseExpression()
            return ScriptArgument(.option(name: name, value: value), at: position)
        }
        let value = try parseExpression()
        if isWord("as") {
            guard Self.isColumnName(value) else {
                throw .expected("a column name before 'as'", after: nil, found: "an expression", at: value.position)
            }
            advance()
            let type = try parseType()
            return ScriptArgument(.declaration(name: value, type: type), at: position)
        }
        if isSymbol(.assign) {
            advance()
            let assigned = try parseExpression()
            return ScriptArgument(.assignment(target: value, value: assigned), at: position)
        }
        return ScriptArgument(.value(value), at: position)
    }

    static func isColumnName(_ expression: DataFlowExpression) -> Bool {
        switch expression.kind {
        case .column, .quotedColumn, .string: true
        default: false
        }
    }
}
