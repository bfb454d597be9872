/// One token of an expression body; positions are UTF-8 offsets in the source text.
struct ExpressionToken {
    enum Kind: Equatable {
        case identifier
        case integer(Int64)
        case float(Double)
        case string
        case leftParenthesis
        case rightParenthesis
        case leftBracket
        case rightBracket
        case comma
        case dot
        case questionDot
        case questionBracket
        case end
    }

    var kind: Kind
    var start: Int
    var end: Int
    /// The decoded text of identifiers and string literals (quotes removed, `''` unescaped).
    var text: String = ""

    /// How the token is named in "expected … but found …" messages.
    var description: String {
        switch kind {
        case .identifier: "identifier '\(text)'"
        case .integer(let value): "the number \(value)"
        case .float: "a number"
        case .string: "a string literal"
        case .leftParenthesis: "'('"
        case .rightParenthesis: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .dot: "'.'"
        case .questionDot: "'?.'"
        case .questionBracket: "'?['"
        case .end: "the end of the expression"
        }
    }
}
