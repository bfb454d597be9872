/// Splits an expression body into tokens, working on UTF-8 bytes so that nothing is allocated for
/// punctuation and numbers.
///
/// Identifiers are letters, digits (not first), `_` and `$`, plus any non-ASCII character; numbers
/// are `[+-]digits[.digits][e[+-]digits]` (a fraction or exponent makes a float); strings are in
/// single quotes with `''` for a quote; whitespace separates tokens.
struct ExpressionLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int
    let end: Int

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        self.bytes = bytes
        self.index = start
        self.end = end
    }

    mutating func next() throws(EvaluationFailure) -> ExpressionToken {
        skipWhitespace()
        guard index < end else { return ExpressionToken(kind: .end, start: end, end: end) }
        let start = index
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "("): return punctuation(.leftParenthesis)
        case UInt8(ascii: ")"): return punctuation(.rightParenthesis)
        case UInt8(ascii: "["): return punctuation(.leftBracket)
        case UInt8(ascii: "]"): return punctuation(.rightBracket)
        case UInt8(ascii: ","): return punctuation(.comma)
        case UInt8(ascii: "."): return punctuation(.dot)
        case UInt8(ascii: "?"):
            index += 1
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: ".") {
                index += 1
                return ExpressionToken(kind: .questionDot, start: start, end: index)
            }
            if index < end, bytes[index] == UInt8(ascii: "[") {
                index += 1
                return ExpressionToken(kind: .questionBracket, start: start, end: index)
            }
            throw EvaluationFailure(at: start, "'?' must be followed by '.' or '[' (null-safe access)")
        case UInt8(ascii: "'"): return try stringLiteral()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return try number()
        default:
            if Self.isIdentifierStart(byte) { return identifier() }
            throw EvaluationFailure(at: start, "the character \(describe(at: start)) is not expected here")
        }
    }

    private mutating func punctuation(_ kind: ExpressionToken.Kind) -> ExpressionToken {
        index += 1
        return ExpressionToken(kind: kind, start: index - 1, end: index)
    }

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: index += 1
            case 0xC2, 0xE1, 0xE2, 0xE3:
                let length = unicodeWhitespaceLength(at: index)
                guard length > 0 else { return }
                index += length
            default: return
            }
        }
    }

    /// The length of the UTF-8 sequence at `position` when it is a space beyond ASCII that ADF's
    /// engine (.NET's `char.IsWhiteSpace`) skips between tokens, 0 otherwise: U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (a no-break space pasted
    /// from a document is common in real factories; U+200B is not a space there).
    private func unicodeWhitespaceLength(at position: Int) -> Int {
        func byte(_ offset: Int) -> UInt8? { position + offset < end ? bytes[position + offset] : nil }
        switch (byte(0), byte(1), byte(2)) {
        case (0xC2, 0x85?, _), (0xC2, 0xA0?, _): return 2
        case (0xE1, 0x9A?, 0x80?): return 3
        case (0xE2, 0x80?, let third?) where (0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third): return 3
        case (0xE2, 0x81?, 0x9F?): return 3
        case (0xE3, 0x80?, 0x80?): return 3
        default: return 0
        }
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Identifiers carry no text: a function name is looked up straight from the bytes, and only
    /// property names become strings (see `text(of:)`).
    private mutating func identifier() -> ExpressionToken {
        let start = index
        while index < end, Self.isIdentifierPart(bytes[index]) { index += 1 }
        return ExpressionToken(kind: .identifier, start: start, end: index)
    }

    /// The source text of a token.
    func text(of token: ExpressionToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    /// The bytes of a token.
    func bytes(of token: ExpressionToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// A string literal token; its text is decoded by `literalText(of:)` when the parser needs it,
    /// so that tokens stay plain values.
    private mutating func stringLiteral() throws(EvaluationFailure) -> ExpressionToken {
        let start = index
        index += 1
        var hasEscapes = false
        while true {
            guard index < end else {
                throw EvaluationFailure(
                    at: start, "the string literal that starts here is not terminated; close it with a single quote")
            }
            if bytes[index] == UInt8(ascii: "'") {
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "'") {
                    hasEscapes = true
                    index += 2
                    continue
                }
                break
            }
            index += 1
        }
        index += 1
        return ExpressionToken(kind: .string, start: start, end: index, hasEscapes: hasEscapes)
    }

    /// The text of a string literal token: quotes removed, `''` unescaped.
    func literalText(of token: ExpressionToken) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[(token.start + 1)..<(token.end - 1)])
        guard token.hasEscapes else { return String(decoding: content, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(content.count)
        var position = 0
        while position < content.count {
            unescaped.append(content[position])
            position += content[position] == UInt8(ascii: "'") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    private mutating func number() throws(EvaluationFailure) -> ExpressionToken {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard index < end, isDigit(bytes[index]) else {
                throw EvaluationFailure(at: start, "a sign must be followed by the digits of a number")
            }
        }
        var isFloat = false
        var magnitude: UInt64 = 0
        var overflow = false
        while index < end, isDigit(bytes[index]) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            overflow = overflow || o1 || o2
            magnitude = sum
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            let exponentStart = index
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, isDigit(bytes[index]) else {
                throw EvaluationFailure(at: exponentStart, "the exponent of a number needs digits")
            }
            while index < end, isDigit(bytes[index]) { index += 1 }
            isFloat = true
        }
        if index < end, Self.isIdentifierPart(bytes[index]) {
            throw EvaluationFailure(at: index, "the character \(describe(at: index)) is not expected in a number")
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isFloat {
            guard let value = Double(String(decoding: text, as: UTF8.self)) else {
                throw EvaluationFailure(at: start, "'\(String(decoding: text, as: UTF8.self))' is not a valid number")
            }
            return ExpressionToken(kind: .float, start: start, end: index, float: value)
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard !overflow, magnitude <= limit else {
            throw EvaluationFailure(
                at: start, "the number '\(String(decoding: text, as: UTF8.self))' does not fit in a 64-bit integer")
        }
        let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
        return ExpressionToken(kind: .integer, start: start, end: index, integer: value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func describe(at position: Int) -> String {
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        var scalarEnd = position + 1
        while scalarEnd < end, bytes[scalarEnd] & 0xC0 == 0x80 { scalarEnd += 1 }
        return "'\(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<scalarEnd]), as: UTF8.self))'"
    }
}
