/// ADF's TimeSpan text, `[d.]hh:mm:ss[.fffffff]` ("00:01:00", "1.00:00:00"), as a duration.
enum TimeSpanText {
    /// The duration `text` spells, or nil when it is not TimeSpan text (hours 0–23, minutes and
    /// seconds 0–59, at most 7 fraction digits, days 0–9999).
    static func duration(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingWhitespace())
        var days: Int64 = 0
        let colon = rest.firstIndex(of: ":")
        if let dot = rest.firstIndex(of: "."), colon.map({ dot < $0 }) ?? false {
            guard let value = number(rest[..<dot], maxDigits: 4) else { return nil }
            days = value
            rest = rest[rest.index(after: dot)...]
        }
        var fraction: Int64 = 0
        if let dot = rest.lastIndex(of: ".") {
            let digits = rest[rest.index(after: dot)...]
            guard let value = number(digits, maxDigits: 7) else { return nil }
            fraction = value
            for _ in digits.count..<9 { fraction *= 10 }  // nanoseconds
            rest = rest[..<dot]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = number(parts[0], maxDigits: 2),
            let minutes = number(parts[1], maxDigits: 2),
            let seconds = number(parts[2], maxDigits: 2), hours < 24, minutes < 60, seconds < 60
        else { return nil }
        let total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        return .seconds(total) + .nanoseconds(fraction)
    }

    /// `d.hh:mm:ss` or `hh:mm:ss` for messages.
    static func text(_ duration: Duration) -> String {
        let total = max(duration.components.seconds, 0)
        let days = total / 86_400
        let clock = String(format2(total / 3600 % 24)) + ":" + format2(total / 60 % 60) + ":" + format2(total % 60)
        return days > 0 ? "\(days).\(clock)" : clock
    }

    private static func format2(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func number(_ digits: Substring, maxDigits: Int) -> Int64? {
        guard !digits.isEmpty, digits.count <= maxDigits, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int64(digits)
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
