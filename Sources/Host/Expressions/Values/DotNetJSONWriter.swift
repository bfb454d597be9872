import PipehostJSON

/// Compact JSON text exactly as Json.NET (`Formatting.None`) writes it, which is what ADF's
/// `string()`, `concat()` and `join()` produce for objects and arrays: no spaces, floats with a
/// fraction (`1.0`, `1E+20`), non-ASCII characters as they are, and `\u0085`, `\u2028`, `\u2029`
/// and control characters escaped.
enum DotNetJSONWriter {
    static func serialize(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let integer): output.append(contentsOf: String(integer).utf8)
        case .double(let double):
            if double.isFinite {
                output.append(contentsOf: DotNetNumberFormatting.formatForJSON(double).utf8)
            } else {
                // Json.NET's default FloatFormatHandling.String.
                writeString(DotNetNumberFormatting.format(double), to: &output)
            }
        case .string(let string): writeString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var bytes = string.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20: appendUnicodeEscape(UInt16(byte), to: &output)
            case 0xC2:
                // U+0085 (NEL) is C2 85.
                guard let next = bytes.next() else {
                    output.append(byte)
                    break
                }
                if next == 0x85 {
                    appendUnicodeEscape(0x85, to: &output)
                } else {
                    output.append(byte)
                    output.append(next)
                }
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                guard let second = bytes.next() else {
                    output.append(byte)
                    break
                }
                guard second == 0x80, let third = bytes.next() else {
                    output.append(byte)
                    output.append(second)
                    break
                }
                if third == 0xA8 || third == 0xA9 {
                    appendUnicodeEscape(third == 0xA8 ? 0x2028 : 0x2029, to: &output)
                } else {
                    output.append(contentsOf: [byte, second, third])
                }
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to output: inout [UInt8]) {
        output.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        output.append(hexDigits[Int(unit >> 12) & 0xF])
        output.append(hexDigits[Int(unit >> 8) & 0xF])
        output.append(hexDigits[Int(unit >> 4) & 0xF])
        output.append(hexDigits[Int(unit) & 0xF])
    }
}
