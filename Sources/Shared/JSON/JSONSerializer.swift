/// Writes `JSONValue`s as UTF-8 JSON text, compact or indented by two spaces.
public enum JSONSerializer {
    public struct Options: Sendable, Equatable {
        /// Newlines and two-space indentation.
        public var pretty: Bool
        /// Members in key order instead of the order they were written (for stable golden files).
        public var sortedKeys: Bool

        public init(pretty: Bool = false, sortedKeys: Bool = false) {
            self.pretty = pretty
            self.sortedKeys = sortedKeys
        }

        public static let compact = Options()
        public static let pretty = Options(pretty: true)
    }

    public static func serialize(_ value: JSONValue, options: Options = .compact) -> String {
        String(decoding: bytes(value, options: options), as: UTF8.self)
    }

    public static func bytes(_ value: JSONValue, options: Options = .compact) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(value, to: &output, options: options, depth: 0)
        return output
    }

    /// Appends `value` to `output`.
    public static func write(_ value: JSONValue, to output: inout [UInt8], options: Options = .compact) {
        write(value, to: &output, options: options, depth: 0)
    }

    /// The JSON text of a string, quoted and escaped.
    public static func quoted(_ string: String) -> String {
        var output: [UInt8] = []
        writeString(string, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Formats a double the way JSON readers accept and .NET prints: shortest round-trip digits,
    /// always with a fraction or exponent so it reads back as a float. Non-finite values become null.
    public static func format(_ double: Double) -> String {
        guard double.isFinite else { return "null" }
        return double.description
    }

    private static func write(_ value: JSONValue, to output: inout [UInt8], options: Options, depth: Int) {
        switch value {
        case .null: append("null", to: &output)
        case .bool(let flag): append(flag ? "true" : "false", to: &output)
        case .integer(let integer): writeInteger(integer, to: &output)
        case .double(let double): output.append(contentsOf: format(double).utf8)
        case .string(let string): writeString(string, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                append("[]", to: &output)
                return
            }
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options: options, depth: depth + 1)
                write(element, to: &output, options: options, depth: depth + 1)
            }
            newline(&output, options: options, depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                append("{}", to: &output)
                return
            }
            output.append(UInt8(ascii: "{"))
            let members = options.sortedKeys ? object.members.sorted { $0.key < $1.key } : object.members
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options: options, depth: depth + 1)
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if options.pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, to: &output, options: options, depth: depth + 1)
            }
            newline(&output, options: options, depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Copies a literal's bytes (faster than appending a `String.UTF8View`).
    private static func append(_ literal: StaticString, to output: inout [UInt8]) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    private static func writeInteger(_ integer: Int64, to output: inout [UInt8]) {
        // Digits from the right into a small buffer; the magnitude as UInt64 also covers Int64.min.
        var magnitude = integer.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if integer < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    private static func newline(_ output: inout [UInt8], options: Options, depth: Int) {
        guard options.pretty else { return }
        output.append(0x0A)
        for _ in 0..<(depth * 2) { output.append(0x20) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, to output: inout [UInt8]) {
        // Bytes that need no escape are copied in runs: most strings are copied in one go.
        var string = string
        string.withUTF8 { bytes in
            output.append(UInt8(ascii: "\""))
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                appendEscape(of: byte, to: &output)
                runStart = index + 1
            }
            if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
            output.append(UInt8(ascii: "\""))
        }
    }

    private static func appendEscape(of byte: UInt8, to output: inout [UInt8]) {
        output.append(0x5C)
        switch byte {
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            output.append(UInt8(ascii: "u"))
            output.append(0x30)
            output.append(0x30)
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}
