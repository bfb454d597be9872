import PipehostJSON

/// The text of delimited-text fields, checked to be UTF-8 without the generic machinery of
/// `String(validating:as:)`, which costs a metadata lookup per call: ASCII (most fields) by one
/// vectorisable pass, the rest by PipehostJSON's validator.
enum UTF8Validation {
    /// Whether every byte is below 0x80. ASCII text needs no further check.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var bits: UInt8 = 0
        for byte in bytes { bits |= byte }
        return bits < 0x80
    }

    /// The text of `bytes`, nil when they are not UTF-8.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isASCII(bytes) || isValidUTF8(bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
