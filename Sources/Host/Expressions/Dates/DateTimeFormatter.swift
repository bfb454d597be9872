/// Writes timestamps with a parsed .NET format in the en-US culture, without Foundation.
enum DateTimeFormatter {
    static func format(_ timestamp: Timestamp, with format: DateTimeFormat) -> String {
        var time = timestamp
        if format.convertsToUniversal { time.kind = .utc }
        let parts = time.fields
        var output = ""
        output.reserveCapacity(32)
        for (position, element) in format.elements.enumerated() {
            switch element {
            case .literal(let text): output += text
            case .day(let count):
                switch count {
                case 1: output += String(parts.day)
                case 2: pad(parts.day, 2, &output)
                case 3: output += DateNames.abbreviatedDays[parts.dayOfWeek]
                default: output += DateNames.days[parts.dayOfWeek]
                }
            case .month(let count):
                switch count {
                case 1: output += String(parts.month)
                case 2: pad(parts.month, 2, &output)
                case 3: output += DateNames.abbreviatedMonths[parts.month - 1]
                default: output += DateNames.months[parts.month - 1]
                }
            case .year(let count):
                switch count {
                case 1: output += String(parts.year % 100)
                case 2: pad(parts.year % 100, 2, &output)
                default: pad(parts.year, count, &output)
                }
            case .hour12(let count):
                let hour = parts.hour % 12 == 0 ? 12 : parts.hour % 12
                count == 1 ? (output += String(hour)) : pad(hour, 2, &output)
            case .hour24(let count): count == 1 ? (output += String(parts.hour)) : pad(parts.hour, 2, &output)
            case .minute(let count): count == 1 ? (output += String(parts.minute)) : pad(parts.minute, 2, &output)
            case .second(let count): count == 1 ? (output += String(parts.second)) : pad(parts.second, 2, &output)
            case .fraction(let count):
                pad(Int(parts.fraction / power10(7 - count)), count, &output)
            case .trimmedFraction(let count):
                var value = Int(parts.fraction / power10(7 - count))
                var digits = count
                while digits > 0, value % 10 == 0 {
                    value /= 10
                    digits -= 1
                }
                if digits > 0 {
                    pad(value, digits, &output)
                } else if output.hasSuffix("."), position > 0 {
                    // .NET drops the separator before an empty 'F' fraction.
                    output.removeLast()
                }
            case .designator(let count):
                let text = parts.hour < 12 ? "AM" : "PM"
                output += count == 1 ? String(text.prefix(1)) : text
            case .era: output += "A.D."
            case .offset(let count):
                // Hosts run in UTC, so local and unspecified times have a zero offset.
                switch count {
                case 1: output += "+0"
                case 2: output += "+00"
                default: output += "+00:00"
                }
            case .kind:
                switch time.kind {
                case .utc: output += "Z"
                case .local: output += "+00:00"
                case .unspecified: break
                }
            }
        }
        return output
    }

    private static func pad(_ value: Int, _ width: Int, _ output: inout String) {
        let digits = String(value)
        if digits.count < width { output += String(repeating: "0", count: width - digits.count) }
        output += digits
    }

    private static func power10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
