/// Splits a data flow script into tokens. Works on Unicode scalars so that columns count what an
/// editor shows; never recurses (embedded `{…}` of double-quoted strings are found with a stack and
/// handed to the parser as source to lex again).
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line: Int
    private var column: Int
    private let nestingLimit: Int

    init(scalars: [Unicode.Scalar], start: SourcePosition = .start, nestingLimit: Int) {
        self.scalars = scalars
        self.line = start.line
        self.column = start.column
        self.nestingLimit = nestingLimit
    }

    /// All tokens, ending with `.end`.
    mutating func tokens() throws(DataFlowScriptError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next(previous: tokens.last, previousIsFirst: tokens.count == 1)
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let at = index + offset
        return at < scalars.count ? scalars[at] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipTrivia() throws(DataFlowScriptError) {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "/", peek(1) == "*" {
                let start = position
                advance()
                advance()
                while true {
                    guard let inside = peek() else { throw .unterminatedComment(at: start) }
                    if inside == "*", peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else if scalar == "/", peek(1) == "/" {
                while let inside = peek(), inside != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private mutating func next(previous: Token?, previousIsFirst: Bool) throws(DataFlowScriptError) -> Token {
        try skipTrivia()
        let start = position
        guard let scalar = peek() else { return Token(kind: .end, position: start) }
        let kind: TokenKind
        switch scalar {
        case _ where Self.startsIdentifier(scalar):
            kind = .identifier(readWord())
        case _ where Self.isDigit(scalar):
            kind = .number(try readNumber(start: start))
        case "'":
            kind = .string(try readQuoted(closing: "'", start: start))
        case "`":
            kind = .regex(try readRaw(start: start))
        case "\"":
            kind = .interpolatedString(try readInterpolated(start: start))
        case "$":
            advance()
            if peek() == "$" {
                advance()
                kind = .currentColumn
            } else if let first = peek(), Self.startsIdentifier(first) {
                kind = .parameter(readWord())
            } else {
                throw .unexpectedCharacter("$", at: start)
            }
        case "#":
            advance()
            guard let first = peek(), Self.startsIdentifier(first) else { throw .unexpectedCharacter("#", at: start) }
            kind = .hashName(readWord())
        case "{":
            // `parameters{` opens the parameter block only as the script's first word.
            if previousIsFirst, case .identifier("parameters")? = previous?.kind {
                advance()
                kind = .symbol(.leftBrace)
            } else {
                kind = .quotedName(try readQuotedName(start: start))
            }
        case "}":
            advance()
            kind = .symbol(.rightBrace)
        default:
            guard let symbol = readSymbol() else { throw .unexpectedCharacter(Character(scalar), at: start) }
            kind = .symbol(symbol)
        }
        return Token(kind: kind, position: start)
    }

    private static func startsIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private static func continuesIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || isDigit(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    private mutating func readWord() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = peek(), Self.continuesIdentifier(scalar) {
            word.append(scalar)
            advance()
        }
        return String(word)
    }

    private mutating func readNumber(start: SourcePosition) throws(DataFlowScriptError) -> NumberLiteral {
        var text = String.UnicodeScalarView()
        func take(_ lexer: inout Lexer) {
            if let scalar = lexer.peek() { text.append(scalar) }
            lexer.advance()
        }
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            take(&self)
            take(&self)
            while let scalar = peek(), scalar.properties.isASCIIHexDigit { take(&self) }
        } else {
            while let scalar = peek(), Self.isDigit(scalar) { take(&self) }
            if peek() == ".", let after = peek(1), Self.isDigit(after) {
                take(&self)
                while let scalar = peek(), Self.isDigit(scalar) { take(&self) }
            }
            if peek() == "e" || peek() == "E" {
                let sign = peek(1) == "+" || peek(1) == "-"
                if let digit = peek(sign ? 2 : 1), Self.isDigit(digit) {
                    take(&self)
                    if sign { take(&self) }
                    while let scalar = peek(), Self.isDigit(scalar) { take(&self) }
                } else {
                    take(&self)
                }
            }
            if let suffix = peek(), "lLdDfF".unicodeScalars.contains(suffix) { take(&self) }
        }
        // Letters glued to the number (`12abc`) make it malformed rather than two tokens.
        while let scalar = peek(), Self.continuesIdentifier(scalar) { take(&self) }
        let written = String(text)
        if let number = NumberLiteral(written) { return number }
        if Self.looksNumeric(written) { throw .numberOutOfRange(written, at: start) }
        throw .malformedNumber(written, at: start)
    }

    /// Well-formed digits whose value does not fit (as opposed to `12abc`).
    private static func looksNumeric(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            let digits = body.dropFirst(2)
            return !digits.isEmpty && digits.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        }
        if let last = body.last, "lLdDfF".contains(last) { body = body.dropLast() }
        guard !body.isEmpty else { return false }
        var sawExponent = false
        for (offset, character) in body.enumerated() {
            if character.isASCII && character.isNumber { continue }
            if character == "." && !sawExponent { continue }
            if character == "e" || character == "E" {
                sawExponent = true
                continue
            }
            if (character == "+" || character == "-") && offset > 0 { continue }
            return false
        }
        return body.last.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// Reads `'…'`, decoding `\\`, `\'`, `\"`, `\n`, `\t`, `\r`, `\{`, `\}`; another escape keeps its backslash.
    private mutating func readQuoted(closing: Unicode.Scalar, start: SourcePosition) throws(DataFlowScriptError)
        -> String
    {
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw .unterminatedString(quote: Character(closing), at: start) }
            if scalar == closing {
                advance()
                return String(value)
            }
            if scalar == "\\" {
                advance()
                guard let escaped = peek() else { throw .unterminatedString(quote: Character(closing), at: start) }
                value.append(contentsOf: Self.decodeEscape(escaped))
                advance()
                continue
            }
            value.append(scalar)
            advance()
        }
    }

    static func decodeEscape(_ escaped: Unicode.Scalar) -> [Unicode.Scalar] {
        switch escaped {
        case "n": ["\n"]
        case "t": ["\t"]
        case "r": ["\r"]
        case "\\", "'", "\"", "{", "}", "`": [escaped]
        default: ["\\", escaped]
        }
    }

    private mutating func readRaw(start: SourcePosition) throws(DataFlowScriptError) -> String {
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw .unterminatedString(quote: "`", at: start) }
            advance()
            if scalar == "`" { return String(value) }
            value.append(scalar)
        }
    }

    private mutating func readQuotedName(start: SourcePosition) throws(DataFlowScriptError) -> String {
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw .unterminatedQuotedName(at: start) }
            advance()
            if scalar == "}" { return String(value) }
            if scalar == "\\", let escaped = peek(), escaped == "}" || escaped == "\\" {
                value.append(escaped)
                advance()
                continue
            }
            value.append(scalar)
        }
    }

    /// Reads `"text {expression} text"`; the expressions' source is kept for the parser.
    private mutating func readInterpolated(start: SourcePosition) throws(DataFlowScriptError) -> [StringSegment] {
        advance()
        var segments: [StringSegment] = []
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw .unterminatedString(quote: "\"", at: start) }
            if scalar == "\"" {
                advance()
                if !text.isEmpty || segments.isEmpty { segments.append(.text(String(text))) }
                return segments
            }
            if scalar == "\\" {
                advance()
                guard let escaped = peek() else { throw .unterminatedString(quote: "\"", at: start) }
                text.append(contentsOf: Self.decodeEscape(escaped))
                advance()
                continue
            }
            if scalar == "{" {
                if !text.isEmpty { segments.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                advance()
                let expressionStart = position
                let from = index
                try skipEmbeddedExpression(stringStart: start)
                segments.append(.expression(source: Array(scalars[from..<index]), position: expressionStart))
                advance()  // the closing '}'
                continue
            }
            text.append(scalar)
            advance()
        }
    }

    /// Moves to the `}` that closes an embedded expression, skipping strings and nested braces
    /// with an explicit stack.
    private mutating func skipEmbeddedExpression(stringStart: SourcePosition) throws(DataFlowScriptError) {
        var open: [Unicode.Scalar] = ["{"]
        while let scalar = peek() {
            guard let innermost = open.last else { return }
            switch innermost {
            case "'", "\"":
                if scalar == "\\" {
                    advance()
                } else if scalar == innermost {
                    open.removeLast()
                } else if innermost == "\"", scalar == "{" {
                    open.append("{")
                }
            case "`":
                if scalar == "`" { open.removeLast() }
            default:
                if scalar == "'" || scalar == "\"" || scalar == "`" || scalar == "{" {
                    open.append(scalar)
                } else if scalar == "}" {
                    open.removeLast()
                    if open.isEmpty { return }
                }
            }
            guard open.count <= nestingLimit else { throw .nestingTooDeep(limit: nestingLimit, at: position) }
            advance()
        }
        throw .unterminatedString(quote: "\"", at: stringStart)
    }

    private mutating func readSymbol() -> Symbol? {
        for symbol in Symbol.byLength {
            let written = Array(symbol.rawValue.unicodeScalars)
            if (0..<written.count).allSatisfy({ peek($0) == written[$0] }) {
                for _ in written { advance() }
                return symbol
            }
        }
        return nil
    }
}
