import NIOCore

/// Rows in `COPY … FROM STDIN`'s text format: columns separated by tabs, rows ended by a newline,
/// NULL as `\N`, and backslash, tab, newline and carriage return escaped with a backslash.
enum PostgresCopyText {
    /// Appends `row` to `buffer`; returns the bytes written.
    @discardableResult
    static func append(_ row: [Cell], to buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        for (index, cell) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch cell {
            case .null:
                buffer.writeStaticString("\\N")
            case .bytes(let bytes):
                // bytea's hex input, its backslash escaped for COPY.
                buffer.writeStaticString("\\\\x")
                for byte in bytes {
                    buffer.writeInteger(hexDigits[Int(byte >> 4)])
                    buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
                }
            default:
                appendEscaped(cell.text ?? "", to: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer.writerIndex - start
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for (offset, byte) in bytes.enumerated() {
                let escape: UInt8
                switch byte {
                case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<offset]))
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escape)
                runStart = offset + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...]))
        }
    }
}
