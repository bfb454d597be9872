import PluginKit

/// A step that turns chunks of bytes into other chunks: a decompressor or a compressor.
protocol StreamTransform: AnyObject, Sendable {
    /// The output for `input`; with `final` everything still held is flushed.
    func process(_ input: [UInt8], final: Bool) throws(ActivityFailure) -> [UInt8]
}

/// The codecs of ``CompressionSettings``: zlib for gzip, deflate and ZlibDeflate, libbz2 for bzip2.
enum Compression {
    static func decompressor(_ settings: CompressionSettings, file: String) throws(ActivityFailure) -> (any StreamTransform)? {
        switch settings.codec {
        case .none: return nil
        case .bzip2: return try Bzip2Transform(compress: false, file: file)
        case .gzip, .deflate, .zlib:
            return try ZlibTransform(codec: settings.codec, direction: .decompress, fastest: false, file: file)
        }
    }

    static func compressor(_ settings: CompressionSettings, file: String) throws(ActivityFailure) -> (any StreamTransform)? {
        switch settings.codec {
        case .none: return nil
        case .bzip2: return try Bzip2Transform(compress: true, file: file)
        case .gzip, .deflate, .zlib:
            return try ZlibTransform(codec: settings.codec, direction: .compress, fastest: settings.fastest, file: file)
        }
    }
}
