/// DECIMAL values: an unscaled two's complement integer (INT32, INT64, or big-endian bytes) and
/// the column's scale, as exact text (`"-12.50"`) and back.
enum ParquetDecimal {
    /// The widest unscaled value pipehost converts (a precision far beyond 38 digits).
    static let maximumBytes = 64

    static func text(unscaled: Int64, scale: Int) -> String {
        let negative = unscaled < 0
        return place(String(unscaled.magnitude), negative: negative, scale: scale)
    }

    static func text(unsigned: UInt64, scale: Int) -> String {
        place(String(unsigned), negative: false, scale: scale)
    }

    /// Big-endian two's complement bytes as text.
    static func text(bigEndian bytes: [UInt8], scale: Int) throws(ParquetFailure) -> String {
        guard bytes.count <= maximumBytes else {
            throw .unsupported(
                "a DECIMAL value of \(bytes.count) bytes is wider than the \(maximumBytes) pipehost reads")
        }
        guard let first = bytes.first else { return place("0", negative: false, scale: scale) }
        let negative = first & 0x80 != 0
        var magnitude = bytes
        if negative {
            // Two's complement negation: invert, add one.
            var carry = 1
            for index in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let sum = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(sum & 0xFF)
                carry = sum >> 8
            }
        }
        // Repeated division by 10^9 of the base-256 number.
        var digits = ""
        var number = magnitude
        while number.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in number.indices {
                let current = remainder << 8 | UInt64(number[index])
                number[index] = UInt8(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            let chunk = String(remainder)
            digits =
                (number.contains(where: { $0 != 0 }) ? String(repeating: "0", count: 9 - chunk.count) : "") + chunk
                + digits
        }
        return place(digits.isEmpty ? "0" : digits, negative: negative, scale: scale)
    }

    /// Puts the decimal point `scale` digits from the right.
    private static func place(_ digits: String, negative: Bool, scale: Int) -> String {
        var text = digits
        if scale > 0 {
            if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        } else if scale < 0, text != "0" {
            text += String(repeating: "0", count: -scale)
        }
        return negative && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" + text : text
    }

    /// The unscaled value of `text` at `scale` as `width` big-endian two's complement bytes; nil
    /// when the text is not a decimal number, has more fraction digits than `scale`, or does not
    /// fit `precision` digits.
    static func unscaledBytes(_ text: String, scale: Int, precision: Int, width: Int) -> [UInt8]? {
        var body = Substring(text.trimmingCharactersInWhitespace())
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, parts.count <= 2 else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard !(integerPart.isEmpty && fraction.isEmpty), integerPart.allSatisfy(\.isASCIIDigitCharacter),
            fraction.allSatisfy(\.isASCIIDigitCharacter)
        else { return nil }
        while fraction.count > scale, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= scale else { return nil }
        var digits =
            String(integerPart.drop(while: { $0 == "0" })) + fraction
            + String(repeating: "0", count: scale - fraction.count)
        digits = String(digits.drop(while: { $0 == "0" }))
        guard digits.count <= precision else { return nil }
        // Decimal digits to base 256, big-endian.
        var bytes = [UInt8](repeating: 0, count: width)
        for character in digits.utf8 {
            var carry = Int(character - 48)
            for index in stride(from: width - 1, through: 0, by: -1) {
                let value = Int(bytes[index]) * 10 + carry
                bytes[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
            guard carry == 0 else { return nil }
        }
        if negative {
            var carry = 1
            for index in stride(from: width - 1, through: 0, by: -1) {
                let sum = Int(~bytes[index]) + carry
                bytes[index] = UInt8(sum & 0xFF)
                carry = sum >> 8
            }
        }
        return bytes
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingCharactersInWhitespace() -> Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
