import PipehostJSON

/// Why `json()` could not read its text, and where (1-based line and column).
struct LenientJSONError: Error, CustomStringConvertible {
    var message: String
    var line: Int
    var column: Int
    var description: String { "\(message) (line \(line), column \(column))" }
}

/// Reads JSON the way Json.NET does for ADF's `json()`: besides strict JSON it accepts comments,
/// single-quoted strings, unquoted property names, trailing commas, `NaN`, `Infinity`,
/// `undefined`, hexadecimal and leading-zero numbers, and it ignores text after the first value.
/// Empty or blank text is null.
struct LenientJSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private static let maximumDepth = 512

    static func parse(_ text: String) throws(LenientJSONError) -> JSONValue {
        var reader = LenientJSONReader(bytes: Array(text.utf8))
        try reader.skipInsignificant()
        guard reader.index < reader.bytes.count else { return .null }
        return try reader.readValue(depth: 0)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> LenientJSONError {
        var line = 1
        var column = 1
        for position in 0..<min(index, bytes.count) {
            if bytes[position] == 0x0A {
                line += 1
                column = 1
            } else if bytes[position] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return LenientJSONError(message: message, line: line, column: column)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipInsignificant() throws(LenientJSONError) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: index += 1
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                index += 3
            case UInt8(ascii: "/"):
                guard index + 1 < bytes.count else { throw error("unexpected '/'") }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    while let c = current, c != 0x0A { index += 1 }
                } else if bytes[index + 1] == UInt8(ascii: "*") {
                    index += 2
                    while true {
                        guard index + 1 < bytes.count else { throw error("a /* comment is not closed") }
                        if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                            index += 2
                            break
                        }
                        index += 1
                    }
                } else {
                    throw error("unexpected '/'")
                }
            default: return
            }
        }
    }

    private mutating func readValue(depth: Int) throws(LenientJSONError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("the JSON is nested too deeply") }
        try skipInsignificant()
        guard let byte = current else { throw error("unexpected end of the text while reading a value") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try readString(quote: byte))
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default:
            let word = readWord()
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null", "undefined": return .null
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "": throw error("unexpected character '\(Character(Unicode.Scalar(byte)))' while reading a value")
            default: throw error("unexpected '\(word)' while reading a value")
            }
        }
    }

    private mutating func readWord() -> String {
        let start = index
        while let byte = current, ExpressionLexer.isIdentifierPart(byte) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readObject(depth: Int) throws(LenientJSONError) -> JSONValue {
        index += 1
        var object = JSONObject()
        while true {
            try skipInsignificant()
            guard let byte = current else { throw error("unexpected end of the text inside an object") }
            if byte == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            let key: String
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                key = try readString(quote: byte)
            } else {
                key = readWord()
                guard !key.isEmpty else {
                    throw error(
                        "invalid character '\(Character(Unicode.Scalar(byte)))' where a property name was expected")
                }
            }
            try skipInsignificant()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after the property name '\(key)'") }
            index += 1
            object[key] = try readValue(depth: depth + 1)
            try skipInsignificant()
            guard let next = current else { throw error("unexpected end of the text inside an object") }
            if next == UInt8(ascii: ",") {
                index += 1
            } else if next != UInt8(ascii: "}") {
                throw error("expected ',' or '}' after a property value")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(LenientJSONError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        while true {
            try skipInsignificant()
            guard let byte = current else { throw error("unexpected end of the text inside an array") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            if byte == UInt8(ascii: ",") {
                throw error("unexpected ',' where an array element was expected")
            }
            elements.append(try readValue(depth: depth + 1))
            try skipInsignificant()
            guard let next = current else { throw error("unexpected end of the text inside an array") }
            if next == UInt8(ascii: ",") {
                index += 1
            } else if next != UInt8(ascii: "]") {
                throw error("expected ',' or ']' after an array element")
            }
        }
    }

    private mutating func readString(quote: UInt8) throws(LenientJSONError) -> String {
        index += 1
        var units: [UInt16] = []
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty {
                units.append(contentsOf: String(decoding: pending, as: UTF8.self).utf16)
                pending.removeAll(keepingCapacity: true)
            }
        }
        while true {
            guard let byte = current else { throw error("a string is not terminated") }
            index += 1
            if byte == quote { break }
            guard byte == UInt8(ascii: "\\") else {
                pending.append(byte)
                continue
            }
            guard let escape = current else { throw error("a string is not terminated") }
            index += 1
            flush()
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                units.append(UInt16(escape))
            case UInt8(ascii: "b"): units.append(0x08)
            case UInt8(ascii: "f"): units.append(0x0C)
            case UInt8(ascii: "n"): units.append(0x0A)
            case UInt8(ascii: "r"): units.append(0x0D)
            case UInt8(ascii: "t"): units.append(0x09)
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count,
                    let unit = UInt16(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
                else { throw error("a \\u escape needs four hexadecimal digits") }
                units.append(unit)
                index += 4
            default:
                throw error("bad JSON escape sequence '\\\(Character(Unicode.Scalar(escape)))'")
            }
        }
        flush()
        // Lone surrogates become U+FFFD, as .NET does when it writes them back out.
        return String(decoding: units, as: UTF16.self)
    }

    private mutating func readNumber() throws(LenientJSONError) -> JSONValue {
        let start = index
        var negative = false
        if current == UInt8(ascii: "-") {
            negative = true
            index += 1
            if let next = current, !(next >= 0x30 && next <= 0x39) && next != UInt8(ascii: ".") {
                if readWord() == "Infinity" { return .double(-.infinity) }
                throw error("a '-' must be followed by a number")
            }
        }
        if current == UInt8(ascii: "0"), index + 1 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x") {
            index += 2
            let digitsStart = index
            while let byte = current, byte.isHexDigit { index += 1 }
            guard let magnitude = Int64(String(decoding: bytes[digitsStart..<index], as: UTF8.self), radix: 16) else {
                throw error("invalid hexadecimal number")
            }
            return .integer(negative ? -magnitude : magnitude)
        }
        var isFloat = false
        while let byte = current {
            if byte >= 0x30 && byte <= 0x39 {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isFloat = true
                index += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")), isFloat,
                bytes[index - 1] | 0x20 == UInt8(ascii: "e")
            {
                index += 1
            } else {
                break
            }
        }
        var text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat {
            if let integer = Int64(text) { return .integer(integer) }
            if let double = Double(text) { return .double(double) }
            throw error("invalid number '\(text)'")
        }
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasPrefix("-.") { text = "-0" + text.dropFirst() }
        guard let double = Double(text) else { throw error("invalid number '\(text)'") }
        return .double(double)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66)
    }
}
