/// How a JSON string value is read as a template, before any expression is parsed.
///
/// ADF's rules (control-flow-expression-language-functions): a string that starts with `@` is one
/// whole-value expression whose result keeps its JSON type; `@@` at the start escapes the `@` and
/// makes the rest literal; `@{…}` anywhere interpolates a value into a string; `@@{` elsewhere is the
/// literal text `@{`. A lone `@` is the literal `@`.
enum TemplateText {
    /// The string as a sequence of literal text and embedded expressions.
    enum Shape {
        /// No expression: the value is this text.
        case literal(String)
        /// The whole value is one expression whose body starts at `offset` (a UTF-8 offset in the source).
        case wholeValue(offset: Int)
        /// Text and `@{…}` segments; the result is always a string.
        case interpolation([Segment])
    }

    enum Segment {
        case text(String)
        /// An expression body between `start` and `end` (UTF-8 offsets in the source, exclusive end).
        case expression(start: Int, end: Int)
    }

    private static let at = UInt8(ascii: "@")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let quote = UInt8(ascii: "'")

    /// Splits `bytes` (the UTF-8 of the whole JSON string) into its shape.
    static func shape(of bytes: UnsafeBufferPointer<UInt8>, source: String) throws(EvaluationFailure) -> Shape {
        let count = bytes.count
        guard count > 0, bytes[0] == at else {
            return containsInterpolation(bytes) ? .interpolation(try segments(bytes, source: source)) : .literal(source)
        }
        if count == 1 { return .literal(source) }
        if bytes[1] == at {
            // "@@…": the leading escape makes the whole remainder literal.
            return .literal(String(decoding: UnsafeBufferPointer(rebasing: bytes[1...]), as: UTF8.self))
        }
        if bytes[1] == openBrace {
            return .interpolation(try segments(bytes, source: source))
        }
        return .wholeValue(offset: 1)
    }

    /// Whether the text holds `@{` anywhere (the only way a string not starting with `@` is evaluated).
    static func containsInterpolation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2 else { return false }
        for index in 0..<(bytes.count - 1) where bytes[index] == at && bytes[index + 1] == openBrace {
            return true
        }
        return false
    }

    private static func segments(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String
    ) throws(EvaluationFailure) -> [Segment] {
        var result: [Segment] = []
        var text: [UInt8] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == at, index + 2 < count, bytes[index + 1] == at, bytes[index + 2] == openBrace {
                // "@@{" is the literal text "@{".
                text.append(at)
                text.append(openBrace)
                index += 3
                continue
            }
            if byte == at, index + 1 < count, bytes[index + 1] == openBrace {
                let start = index + 2
                guard let end = closingBrace(in: bytes, from: start) else {
                    throw EvaluationFailure(
                        at: index,
                        "the string interpolation '@{' that starts here is not terminated; every '@{' needs its closing '}'"
                    )
                }
                if !text.isEmpty {
                    result.append(.text(String(decoding: text, as: UTF8.self)))
                    text.removeAll(keepingCapacity: true)
                }
                result.append(.expression(start: start, end: end))
                index = end + 1
                continue
            }
            text.append(byte)
            index += 1
        }
        if !text.isEmpty { result.append(.text(String(decoding: text, as: UTF8.self))) }
        return result
    }

    /// The index of the `}` that ends an interpolation body starting at `start`, skipping string literals.
    private static func closingBrace(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    inString = false
                }
            } else if byte == quote {
                inString = true
            } else if byte == closeBrace {
                return index
            }
            index += 1
        }
        return nil
    }
}

/// Positions in the source text, reported as 1-based columns counted in Unicode scalars.
enum SourceText {
    static func column(ofByteOffset offset: Int, in source: String) -> Int {
        // Every byte that is not a UTF-8 continuation byte starts a scalar.
        var column = 1
        var index = 0
        for byte in source.utf8 {
            if index >= offset { break }
            if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }
}
