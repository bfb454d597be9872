/// Numbers as .NET prints them, which is what ADF shows: `string(1.5e-7)` is `1.5E-07`,
/// `string(1e17)` is `1E+17`, `string(1.0)` is `1`.
///
/// .NET Core 3.0+ prints the shortest digits that round-trip (Swift's `description` finds the same
/// digits) and switches to scientific notation when the decimal exponent is above 16 or below -5.
enum DotNetNumberFormatting {
    /// `double.ToString()` in the invariant culture.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (digits, scale) = shortestDigits(value)
        var result = value < 0 ? "-" : ""
        if scale > 17 || scale < -3 {
            // d.dddE+XX
            result.append(digits[digits.startIndex])
            if digits.count > 1 {
                result += "."
                result += digits.dropFirst()
            }
            let exponent = scale - 1
            result += exponent < 0 ? "E-" : "E+"
            let magnitude = String(abs(exponent))
            if magnitude.count < 2 { result += "0" }
            result += magnitude
        } else if scale <= 0 {
            result += "0."
            result += String(repeating: "0", count: -scale)
            result += digits
        } else if scale >= digits.count {
            result += digits
            result += String(repeating: "0", count: scale - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: scale)
            result += digits[..<split]
            result += "."
            result += digits[split...]
        }
        return result
    }

    /// How Json.NET writes a double inside JSON text: like `format`, with `.0` added to integral
    /// values so they read back as floats.
    static func formatForJSON(_ value: Double) -> String {
        let text = format(value)
        if !value.isFinite { return text }
        for byte in text.utf8 where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "E") { return text }
        return text + ".0"
    }

    /// The shortest round-trip significant digits of a finite, non-zero `value` (no leading or
    /// trailing zeros) and the scale: the value is `0.digits × 10^scale`.
    static func shortestDigits(_ value: Double) -> (digits: String, scale: Int) {
        let text = abs(value).description
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var iterator = text.utf8.makeIterator()
        var inExponent = false
        var exponentText: [UInt8] = []
        while let byte = iterator.next() {
            if inExponent {
                exponentText.append(byte)
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                inExponent = true
            } else if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(byte)
            }
        }
        if !exponentText.isEmpty { exponent = Int(String(decoding: exponentText, as: UTF8.self)) ?? 0 }
        var scale = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            scale -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { return ("0", 1) }
        return (String(decoding: digits, as: UTF8.self), scale)
    }
}
