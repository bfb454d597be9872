import CSnappy
import CZstd

/// Compresses and decompresses whole Parquet pages: snappy (libsnappy), gzip (zlib, through
/// ``ZlibTransform``), zstd (libzstd) or none. LZO, Brotli and LZ4 fail naming the codecs that work.
enum ParquetPageCodec {
    /// The codecs pipehost reads and writes, for messages.
    static let available = "none, snappy, gzip and zstd"
    /// The largest page pipehost decompresses; Parquet writers keep pages near 1 MB.
    static let maximumPageSize = 256 * 1024 * 1024

    static func name(_ codec: ParquetCodec) -> String {
        switch codec {
        case .uncompressed: "none"
        case .snappy: "snappy"
        case .gzip: "gzip"
        case .lzo: "lzo"
        case .brotli: "brotli"
        case .lz4: "lz4"
        case .zstd: "zstd"
        case .lz4Raw: "lz4"
        }
    }

    static func decompress(_ input: ArraySlice<UInt8>, codec: ParquetCodec, uncompressedSize: Int)
        throws(ParquetFailure)
        -> [UInt8]
    {
        guard uncompressedSize >= 0, uncompressedSize <= maximumPageSize else {
            throw .malformed(
                "a page claims \(uncompressedSize) uncompressed bytes, more than the \(maximumPageSize) pipehost reads")
        }
        let output: [UInt8]
        switch codec {
        case .uncompressed:
            output = Array(input)
        case .snappy:
            output = try snappyDecompress(input, expected: uncompressedSize)
        case .zstd:
            output = try zstdDecompress(input, expected: uncompressedSize)
        case .gzip:
            do {
                let transform = try ZlibTransform(codec: .gzip, direction: .decompress, fastest: false, file: "page")
                output = try transform.process(Array(input), final: true)
            } catch {
                throw .codec(codec: "gzip", reason: "the page is not valid gzip data")
            }
        case .lzo, .brotli, .lz4, .lz4Raw:
            throw unsupported(codec)
        }
        guard output.count == uncompressedSize else {
            throw .malformed("a page decompressed to \(output.count) bytes, its header says \(uncompressedSize)")
        }
        return output
    }

    static func compress(_ input: [UInt8], codec: ParquetCodec) throws(ParquetFailure) -> [UInt8] {
        switch codec {
        case .uncompressed:
            return input
        case .snappy:
            var length = snappy_max_compressed_length(input.count)
            var output = [UInt8](repeating: 0, count: length)
            let status = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    source.withMemoryRebound(to: CChar.self) { source in
                        target.withMemoryRebound(to: CChar.self) { target in
                            snappy_compress(source.baseAddress, source.count, target.baseAddress, &length)
                        }
                    }
                }
            }
            guard status == SNAPPY_OK else {
                throw .codec(codec: "snappy", reason: "compression failed (status \(status.rawValue))")
            }
            output.removeSubrange(length...)
            return output
        case .zstd:
            var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
            let written = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, 3)
                }
            }
            guard ZSTD_isError(written) == 0 else {
                throw .codec(codec: "zstd", reason: String(cString: ZSTD_getErrorName(written)))
            }
            output.removeSubrange(written...)
            return output
        case .gzip:
            do {
                let transform = try ZlibTransform(codec: .gzip, direction: .compress, fastest: false, file: "page")
                return try transform.process(input, final: true)
            } catch {
                throw .codec(codec: "gzip", reason: "compression failed")
            }
        case .lzo, .brotli, .lz4, .lz4Raw:
            throw unsupported(codec)
        }
    }

    static func unsupported(_ codec: ParquetCodec) -> ParquetFailure {
        .unsupported(
            "pages compressed with \(name(codec)) cannot be read or written; the codecs pipehost has are \(available)")
    }

    private static func snappyDecompress(_ input: ArraySlice<UInt8>, expected: Int) throws(ParquetFailure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        var length = expected
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                source.withMemoryRebound(to: CChar.self) { source in
                    target.withMemoryRebound(to: CChar.self) { target in
                        var claimed = 0
                        let check = snappy_uncompressed_length(source.baseAddress, source.count, &claimed)
                        guard check == SNAPPY_OK, claimed == expected else { return SNAPPY_INVALID_INPUT }
                        return snappy_uncompress(source.baseAddress, source.count, target.baseAddress, &length)
                    }
                }
            }
        }
        guard status == SNAPPY_OK else {
            throw .codec(codec: "snappy", reason: "the page is not valid snappy data of \(expected) bytes")
        }
        return output
    }

    private static func zstdDecompress(_ input: ArraySlice<UInt8>, expected: Int) throws(ParquetFailure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        let written = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw .codec(codec: "zstd", reason: String(cString: ZSTD_getErrorName(written)))
        }
        guard written == expected else {
            throw .malformed("a page decompressed to \(written) bytes, its header says \(expected)")
        }
        return output
    }
}
