import Foundation
import PluginKit

/// A dataset's `encodingName`: UTF-8 (the default), UTF-16 in either byte order, or a
/// single-byte encoding Foundation knows (ISO-8859-1, Windows-125x, US-ASCII). Formats work on
/// UTF-8 inside; ``TextDecoder`` and ``TextEncoder`` convert at the edges, chunk by chunk.
enum TextEncoding: Sendable, Equatable {
    case utf8
    case utf16(bigEndian: Bool)
    case singleByte(String.Encoding, name: String)

    /// Reads `encodingName` as ADF spells it (`UTF-8`, `UTF-16`, `UTF-16BE`, `ISO-8859-1`,
    /// `WINDOWS-1252`, …, ignoring case); fails naming the property for others.
    init(name: String?, path: String) throws(ActivityFailure) {
        let key = (name ?? "UTF-8").uppercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "", "UTF-8", "UTF8", "UTF-8-NO-BOM": self = .utf8
        case "UTF-16", "UTF-16LE", "UNICODE": self = .utf16(bigEndian: false)
        case "UTF-16BE", "UNICODEFFFE": self = .utf16(bigEndian: true)
        case "ISO-8859-1", "LATIN1": self = .singleByte(.isoLatin1, name: "ISO-8859-1")
        case "ISO-8859-2": self = .singleByte(.isoLatin2, name: "ISO-8859-2")
        case "WINDOWS-1250": self = .singleByte(.windowsCP1250, name: "WINDOWS-1250")
        case "WINDOWS-1251": self = .singleByte(.windowsCP1251, name: "WINDOWS-1251")
        case "WINDOWS-1252": self = .singleByte(.windowsCP1252, name: "WINDOWS-1252")
        case "WINDOWS-1253": self = .singleByte(.windowsCP1253, name: "WINDOWS-1253")
        case "WINDOWS-1254": self = .singleByte(.windowsCP1254, name: "WINDOWS-1254")
        case "US-ASCII", "ASCII": self = .singleByte(.ascii, name: "US-ASCII")
        default:
            throw ActivityFailure.invalidProperty(
                path,
                "pipehost reads and writes UTF-8, UTF-16, UTF-16BE, ISO-8859-1, ISO-8859-2, WINDOWS-1250 to 1254 and "
                    + "US-ASCII; '\(name ?? "")' is not one of them")
        }
    }

    var name: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16(let bigEndian): bigEndian ? "UTF-16BE" : "UTF-16"
        case .singleByte(_, let name): name
        }
    }
}

/// Turns chunks of text in an encoding into chunks of UTF-8, keeping a character split between
/// two chunks for the next call and dropping a byte order mark at the start.
final class TextDecoder: @unchecked Sendable {
    // Used by one reader at a time (the reader's own lock serialises calls).
    private let encoding: TextEncoding
    private let file: String
    private var pending: [UInt8] = []
    private var atStart = true
    /// The byte order of UTF-16 text: the encoding's, or the byte order mark's when there is one.
    private var bigEndianUTF16: Bool

    init(encoding: TextEncoding, file: String) {
        self.encoding = encoding
        self.file = file
        if case .utf16(let bigEndian) = encoding { bigEndianUTF16 = bigEndian } else { bigEndianUTF16 = false }
    }

    /// The UTF-8 bytes of `chunk`; `final` at the end of the file.
    func decode(_ chunk: [UInt8], final: Bool) throws(ActivityFailure) -> [UInt8] {
        var bytes = pending + chunk
        pending = []
        if atStart {
            // Wait for enough bytes to see a byte order mark.
            if bytes.count < 3, !final {
                pending = bytes
                return []
            }
            atStart = false
            switch encoding {
            case .utf8 where bytes.starts(with: [0xEF, 0xBB, 0xBF]):
                bytes.removeFirst(3)
            case .utf16 where bytes.starts(with: [0xFF, 0xFE]):
                bigEndianUTF16 = false
                bytes.removeFirst(2)
            case .utf16 where bytes.starts(with: [0xFE, 0xFF]):
                bigEndianUTF16 = true
                bytes.removeFirst(2)
            default:
                break
            }
        }
        switch encoding {
        case .utf8:
            // Keep an incomplete trailing sequence for the next chunk.
            if !final {
                pending = Self.incompleteUTF8Tail(bytes)
                bytes.removeLast(pending.count)
            }
            return bytes
        case .utf16:
            let bigEndian = bigEndianUTF16
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index + 1 < bytes.count {
                let unit = bigEndian
                    ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                    : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
                units.append(unit)
                index += 2
            }
            if index < bytes.count {
                guard !final else { throw DataFailure.invalidEncoding(file: file, encoding: encoding.name).failure }
                pending = [bytes[index]]
            }
            if !final, let last = units.last, (0xD800...0xDBFF).contains(last) {
                units.removeLast()
                pending = (bigEndian ? [UInt8(last >> 8), UInt8(last & 0xFF)] : [UInt8(last & 0xFF), UInt8(last >> 8)]) + pending
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw DataFailure.invalidEncoding(file: file, encoding: encoding.name).failure
            }
            return Array(text.utf8)
        case .singleByte(let foundation, _):
            guard let text = String(bytes: bytes, encoding: foundation) else {
                throw DataFailure.invalidEncoding(file: file, encoding: encoding.name).failure
            }
            return Array(text.utf8)
        }
    }

    /// The bytes at the end of `bytes` that begin a UTF-8 sequence not yet complete.
    static func incompleteUTF8Tail(_ bytes: [UInt8]) -> [UInt8] {
        var index = bytes.count - 1
        var continuation = 0
        while index >= 0, continuation < 3, bytes[index] & 0xC0 == 0x80 {
            continuation += 1
            index -= 1
        }
        guard index >= 0 else { return [] }
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return length > continuation + 1 ? Array(bytes[index...]) : []
    }
}

/// Turns UTF-8 text into the dataset's encoding for writing; UTF-16 files get a byte order mark
/// as .NET writes them.
struct TextEncoder: Sendable {
    let encoding: TextEncoding
    let file: String

    /// The encoded bytes of `text`; `first` when it is the start of the file.
    func encode(_ text: [UInt8], first: Bool) throws(ActivityFailure) -> [UInt8] {
        switch encoding {
        case .utf8:
            return text
        case .utf16(let bigEndian):
            var out: [UInt8] = first ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
            for unit in String(decoding: text, as: UTF8.self).utf16 {
                if bigEndian { out += [UInt8(unit >> 8), UInt8(unit & 0xFF)] } else { out += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            }
            return out
        case .singleByte(let foundation, let name):
            guard let data = String(decoding: text, as: UTF8.self).data(using: foundation) else {
                throw ActivityFailure.userError(
                    "The text written to '\(file)' has characters \(name) cannot represent; use UTF-8.",
                    code: DataErrorCode.invalidEncoding)
            }
            return [UInt8](data)
        }
    }
}
