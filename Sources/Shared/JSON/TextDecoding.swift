/// Turns file bytes into text the way ADF's tooling saves it: UTF-8 (with or without a byte
/// order mark) or UTF-16 in either byte order, told apart by the byte order mark or, without one,
/// by the zero bytes that ASCII characters leave in UTF-16.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
    }

    /// Why bytes could not be decoded.
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var encoding: Encoding
        public var description: String { "the file is not valid \(encoding.rawValue) text" }
    }

    public static func detectEncoding(_ bytes: [UInt8]) -> Encoding {
        if bytes.count >= 2 {
            if bytes[0] == 0xFF, bytes[1] == 0xFE { return .utf16LittleEndian }
            if bytes[0] == 0xFE, bytes[1] == 0xFF { return .utf16BigEndian }
            if bytes[0] != 0, bytes[1] == 0 { return .utf16LittleEndian }
            if bytes[0] == 0, bytes[1] != 0 { return .utf16BigEndian }
        }
        return .utf8
    }

    /// The text of `bytes` as UTF-8 bytes, without a byte order mark.
    public static func utf8Bytes(_ bytes: [UInt8]) throws(DecodingError) -> [UInt8] {
        let encoding = detectEncoding(bytes)
        switch encoding {
        case .utf8:
            let start = (bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) ? 3 : 0
            let body = Array(bytes[start...])
            guard String(validating: body, as: UTF8.self) != nil else { throw DecodingError(encoding: .utf8) }
            return body
        case .utf16LittleEndian, .utf16BigEndian:
            guard bytes.count % 2 == 0 else { throw DecodingError(encoding: encoding) }
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index < bytes.count {
                let unit = encoding == .utf16LittleEndian
                    ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                    : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                units.append(unit)
                index += 2
            }
            if units.first == 0xFEFF { units.removeFirst() }
            guard let text = String(validating: units, as: UTF16.self) else { throw DecodingError(encoding: encoding) }
            return Array(text.utf8)
        }
    }
}
