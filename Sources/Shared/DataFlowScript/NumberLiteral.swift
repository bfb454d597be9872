/// A number as written in a script (`42`, `1L`, `0.95`, `1e3`, `0xf4`, `0022`): the text is kept so
/// that printing gives it back unchanged, and the value is range-checked when it is read.
public struct NumberLiteral: Sendable, Hashable {
    /// What the number denotes.
    public enum Value: Sendable, Hashable {
        /// No fraction or exponent: an integer, a long with `L`, or a hexadecimal `0x…`.
        case integer(Int64)
        /// A fraction, an exponent or a `d`/`f` suffix.
        case double(Double)
    }

    public let text: String
    public let value: Value

    /// Reads `text`; `nil` when it is not a number or does not fit (an integer beyond 64 bits, a
    /// fraction that overflows `Double`).
    public init?(_ text: String) {
        guard let value = Self.read(text) else { return nil }
        self.text = text
        self.value = value
    }

    private static func read(_ text: String) -> Value? {
        var body = Substring(text)
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            let digits = body.dropFirst(2)
            guard !digits.isEmpty, let value = Int64(digits, radix: 16) else { return nil }
            return .integer(value)
        }
        var suffix: Character?
        if let last = body.last, "lLdDfF".contains(last) {
            suffix = last
            body = body.dropLast()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let isIntegral = !body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        if isIntegral, suffix == nil || suffix == "l" || suffix == "L" {
            guard body.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(body) else { return nil }
            return .integer(value)
        }
        guard let value = Double(body), value.isFinite else { return nil }
        return .double(value)
    }
}
