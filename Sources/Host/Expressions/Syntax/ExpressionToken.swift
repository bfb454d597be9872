/// One token of an expression body; positions are UTF-8 offsets in the source text.
struct ExpressionToken {
    /// A plain enum (no payloads), so that comparing kinds is one integer comparison.
    enum Kind: UInt8 {
        case identifier
        case integer
        case float
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
    /// For string literals: whether the text holds a doubled quote to unescape.
    var hasEscapes = false
    var start: Int
    var end: Int
    /// The value of number tokens (an integer's bits or a float's bits), kept in one word so that
    /// tokens stay small to copy.
    private var payload: UInt64 = 0

    init(kind: Kind, start: Int, end: Int, hasEscapes: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    init(kind: Kind, start: Int, end: Int, integer: Int64) {
        self.init(kind: kind, start: start, end: end)
        payload = UInt64(bitPattern: integer)
    }

    init(kind: Kind, start: Int, end: Int, float: Double) {
        self.init(kind: kind, start: start, end: end)
        payload = float.bitPattern
    }

    /// The value of integer tokens.
    var integer: Int64 { Int64(bitPattern: payload) }
    /// The value of float tokens.
    var float: Double { Double(bitPattern: payload) }

    /// How the token is named in "expected … but found …" messages.
    var description: String {
        switch kind {
        case .identifier: "an identifier"
        case .integer: "the number \(integer)"
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
