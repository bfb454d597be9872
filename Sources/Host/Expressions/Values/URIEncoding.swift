/// Percent-encoding as .NET's `Uri.EscapeDataString` writes it (RFC 3986: everything but letters,
/// digits and `-._~` is escaped, upper-case hex) and as `HttpUtility.UrlDecode` reads it (`+` is a
/// space; malformed escapes stay as they are; invalid UTF-8 becomes U+FFFD).
enum URIEncoding {
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decodeBytes(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else if byte == UInt8(ascii: "+") {
                output.append(0x20)
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func decode(_ text: String) -> String {
        String(decoding: decodeBytes(text), as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 0x61 + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - 0x41 + 10
        default: nil
        }
    }
}

/// A `data:` URI: `data:[<media type>][;base64],<data>` (RFC 2397).
struct DataURI {
    /// The media type with its parameters (`text/plain;charset=utf-8`); `text/plain` when omitted.
    var mediaType: String
    var bytes: [UInt8]

    static func parse(_ text: String) -> DataURI? {
        guard text.utf8.count >= 5, asciiPrefix(text, "data:"), let comma = text.firstIndex(of: ",") else { return nil }
        var header = String(text[text.index(text.startIndex, offsetBy: 5)..<comma])
        let payload = String(text[text.index(after: comma)...])
        var isBase64 = false
        if header.lowercased().hasSuffix(";base64") {
            isBase64 = true
            header = String(header.dropLast(7))
        }
        let bytes: [UInt8]
        if isBase64 {
            guard let decoded = Base64.decode(payload) else { return nil }
            bytes = decoded
        } else {
            bytes = URIEncoding.decodeBytes(payload)
        }
        return DataURI(mediaType: header.isEmpty ? "text/plain" : header, bytes: bytes)
    }

    /// The `charset` parameter of the media type, if any.
    var charset: String? {
        for parameter in mediaType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingASCIISpaces().lowercased() == "charset" {
                return parts[1].trimmingASCIISpaces()
            }
        }
        return nil
    }

    private static func asciiPrefix(_ text: String, _ prefix: String) -> Bool {
        text.utf8.prefix(prefix.utf8.count).map { $0 | 0x20 }.elementsEqual(prefix.utf8)
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
