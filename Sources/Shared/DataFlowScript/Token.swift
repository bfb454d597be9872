/// One token of a data flow script, as the lexer hands it to the parser.
struct Token: Sendable {
    var kind: TokenKind
    var position: SourcePosition
}

/// A piece of a double-quoted string: literal text, or the source of an embedded `{expression}`
/// that the parser reads with a lexer of its own.
enum StringSegment: Sendable {
    case text(String)
    case expression(source: [Unicode.Scalar], position: SourcePosition)
}

enum TokenKind: Sendable {
    case identifier(String)
    /// `{column name with spaces}`.
    case quotedName(String)
    /// `$name`.
    case parameter(String)
    /// `$$`.
    case currentColumn
    /// `#item`, `#lookup`: a lambda variable or a cached sink's function.
    case hashName(String)
    /// `'text'`, escapes decoded.
    case string(String)
    /// `"text {expression}"`.
    case interpolatedString([StringSegment])
    /// `` `regex` ``, no escapes.
    case regex(String)
    case number(NumberLiteral)
    case symbol(Symbol)
    case end

    /// How a message names this token.
    var described: String {
        switch self {
        case .identifier(let name): "'\(name)'"
        case .quotedName(let name): "'{\(name)}'"
        case .parameter(let name): "'$\(name)'"
        case .currentColumn: "'$$'"
        case .hashName(let name): "'#\(name)'"
        case .string: "a string"
        case .interpolatedString: "a string"
        case .regex: "a regular expression"
        case .number(let number): "the number \(number.text)"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "the end of the script"
        }
    }
}

/// Punctuation and operators.
enum Symbol: String, Sendable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", colon = ":", dot = ".", at = "@", question = "?"
    case flow = "~>", arrow = "->", assign = "="
    case equal = "==", strictEqual = "===", notEqual = "!=", strictNotEqual = "!==", equalIgnoringCase = "<=>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", bang = "!"
    case and = "&&", or = "||", bitAnd = "&", bitOr = "|", caret = "^"

    /// Longest first, so that `===` wins over `==` and `=`.
    static let byLength: [Symbol] = allCases.filter { $0 != .leftBrace && $0 != .rightBrace }
        .sorted { $0.rawValue.unicodeScalars.count > $1.rawValue.unicodeScalars.count }
}
