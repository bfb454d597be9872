/// Writes timestamps with a parsed .NET format in the en-US culture, straight into the result's
/// UTF-8 storage (no Foundation, one allocation at most).
enum DateTimeFormatter {
    static func format(_ timestamp: Timestamp, with format: DateTimeFormat) -> String {
        var time = timestamp
        if format.convertsToUniversal { time.kind = .utc }
        let parts = time.fields
        return String(unsafeUninitializedCapacity: format.maximumLength) { buffer in
            var writer = ByteWriter(buffer: buffer)
            for element in format.elements { writer.write(element, parts, kind: time.kind) }
            return writer.count
        }
    }

    private static let days: [[UInt8]] = DateNames.days.map { Array($0.utf8) }
    private static let abbreviatedDays: [[UInt8]] = DateNames.abbreviatedDays.map { Array($0.utf8) }
    private static let months: [[UInt8]] = DateNames.months.map { Array($0.utf8) }
    private static let abbreviatedMonths: [[UInt8]] = DateNames.abbreviatedMonths.map { Array($0.utf8) }

    private struct ByteWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func byte(_ value: UInt8) {
            buffer[count] = value
            count += 1
        }

        mutating func bytes(_ values: [UInt8]) {
            for value in values { byte(value) }
        }

        mutating func text(_ value: String) {
            for unit in value.utf8 { byte(unit) }
        }

        mutating func ascii(_ text: StaticString) {
            text.withUTF8Buffer { for value in $0 { byte(value) } }
        }

        /// `value` in decimal, zero-padded to at least `width` digits.
        mutating func number(_ value: Int, width: Int = 1) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            )
            var remaining = value
            var length = 0
            withUnsafeMutableBytes(of: &digits) { storage in
                repeat {
                    storage[length] = UInt8(remaining % 10) + 0x30
                    remaining /= 10
                    length += 1
                } while remaining > 0 && length < 10
                for _ in length..<max(width, length) { byte(0x30) }
                for index in stride(from: length - 1, through: 0, by: -1) { byte(storage[index]) }
            }
        }

        mutating func write(_ element: DateTimeFormat.Element, _ parts: Timestamp.Fields, kind: Timestamp.Kind) {
            switch element {
            case .literal(let literal): text(literal)
            case .day(let count):
                switch count {
                case 1, 2: number(parts.day, width: count)
                case 3: bytes(DateTimeFormatter.abbreviatedDays[parts.dayOfWeek])
                default: bytes(DateTimeFormatter.days[parts.dayOfWeek])
                }
            case .month(let count):
                switch count {
                case 1, 2: number(parts.month, width: count)
                case 3: bytes(DateTimeFormatter.abbreviatedMonths[parts.month - 1])
                default: bytes(DateTimeFormatter.months[parts.month - 1])
                }
            case .year(let count):
                switch count {
                case 1: number(parts.year % 100)
                case 2: number(parts.year % 100, width: 2)
                default: number(parts.year, width: count)
                }
            case .hour12(let count): number(parts.hour % 12 == 0 ? 12 : parts.hour % 12, width: count)
            case .hour24(let count): number(parts.hour, width: count)
            case .minute(let count): number(parts.minute, width: count)
            case .second(let count): number(parts.second, width: count)
            case .fraction(let count): number(Int(parts.fraction / power10(7 - count)), width: count)
            case .trimmedFraction(let count):
                var value = Int(parts.fraction / power10(7 - count))
                var digits = count
                while digits > 0, value % 10 == 0 {
                    value /= 10
                    digits -= 1
                }
                if digits > 0 {
                    number(value, width: digits)
                } else if count > 0, self.count > 0, buffer[self.count - 1] == UInt8(ascii: ".") {
                    // .NET drops the separator before an empty 'F' fraction.
                    self.count -= 1
                }
            case .designator(let count):
                byte(parts.hour < 12 ? UInt8(ascii: "A") : UInt8(ascii: "P"))
                if count > 1 { byte(UInt8(ascii: "M")) }
            case .era: ascii("A.D.")
            case .offset(let count):
                // Hosts run in UTC, so local and unspecified times have a zero offset.
                switch count {
                case 1: ascii("+0")
                case 2: ascii("+00")
                default: ascii("+00:00")
                }
            case .kind:
                switch kind {
                case .utc: byte(UInt8(ascii: "Z"))
                case .local: ascii("+00:00")
                case .unspecified: break
                }
            }
        }
    }

    private static func power10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
