/// Parsing numbers from text the way ADF's `int()` and `float()` do (.NET `NumberStyles.Float`
/// with thousands separators, en-US): surrounding white space, a leading sign, `,` between digits,
/// a `.` fraction and an exponent; `float()` also takes a trailing sign, `NaN` and `∞`.
enum DotNetNumberParsing {
    /// The value of `text`, or nil when it is not a number in that form.
    static func parse(_ text: String, allowTrailingSign: Bool, allowSymbols: Bool) -> Double? {
        var bytes = Array(text.utf8)
        while let first = bytes.first, isWhitespace(first) { bytes.removeFirst() }
        while let last = bytes.last, isWhitespace(last) { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }

        if allowSymbols, let symbol = parseSymbol(bytes) { return symbol }

        var index = 0
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: [UInt8] = []
        var sawDigit = false
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                mantissa.append(byte)
                sawDigit = true
            } else if byte == UInt8(ascii: ","), sawDigit {
                // Thousands separators are accepted anywhere after the first digit.
            } else {
                break
            }
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            mantissa.append(UInt8(ascii: "."))
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                mantissa.append(bytes[index])
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var cursor = index + 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                exponent.append(bytes[cursor])
                cursor += 1
            }
            let digitsStart = cursor
            while cursor < bytes.count, isDigit(bytes[cursor]) {
                exponent.append(bytes[cursor])
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            index = cursor
        }
        if allowTrailingSign, !negative, index < bytes.count,
            bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")
        {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index == bytes.count else { return nil }
        var literal = String(decoding: mantissa, as: UTF8.self)
        if literal.hasPrefix(".") { literal = "0" + literal }
        if !exponent.isEmpty { literal += "e" + String(decoding: exponent, as: UTF8.self) }
        guard let magnitude = Double(literal) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func parseSymbol(_ bytes: [UInt8]) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        if asciiCaseInsensitive(text, "NaN") { return .nan }
        switch text {
        case "∞", "+∞": return .infinity
        case "-∞": return -.infinity
        default: return nil
        }
    }

    private static func asciiCaseInsensitive(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.lowercased() == rhs.lowercased()
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The integer a double holds exactly, when it is integral and inside the Int64 range.
    static func exactInteger(_ value: Double) -> Int64? {
        guard value.isFinite, value.rounded(.towardZero) == value,
            value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0
        else { return nil }
        return Int64(value)
    }
}
