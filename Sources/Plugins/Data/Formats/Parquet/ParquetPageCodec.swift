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
            output = try gzipDecompress(input, expected: uncompressedSize)
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

    /// gzip in slices, stopping as soon as the output outgrows the page's size (a small
    /// compressed page cannot make the reader allocate far beyond what its header says).
    private static func gzipDecompress(_ input: ArraySlice<UInt8>, expected: Int) throws(ParquetFailure) -> [UInt8] {
        var output: [UInt8] = []
        do {
            let transform = try ZlibTransform(codec: .gzip, direction: .decompress, fastest: false, file: "page")
            var start = input.startIndex
            repeat {
                let end = min(start + 16 * 1024, input.endIndex)
                output += try transform.process(Array(input[start..<end]), final: end == input.endIndex)
                guard output.count <= expected else { break }
                start = end
            } while start < input.endIndex
        } catch {
            throw .codec(codec: "gzip", reason: "the page is not valid gzip data")
        }
        return output
    }

    /// Output buffers are allocated uninitialised: the pages a bogus size claims are never
    /// touched, so they cost no memory; only what the codec writes counts.
    private static func snappyDecompress(_ input: ArraySlice<UInt8>, expected: Int) throws(ParquetFailure) -> [UInt8] {
        let invalid = ParquetFailure.codec(codec: "snappy", reason: "the page is not valid snappy data of \(expected) bytes")
        var claimed = 0
        let check = input.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { snappy_uncompressed_length($0.baseAddress, $0.count, &claimed) }
        }
        // Snappy expands at most about 21 times (a 3-byte copy of 64 bytes).
        guard check == SNAPPY_OK, claimed == expected, expected <= input.count * 24 + 64 else { throw invalid }
        var status = SNAPPY_INVALID_INPUT
        let output = [UInt8](unsafeUninitializedCapacity: expected) { target, count in
            var length = expected
            status = input.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { source in
                    target.withMemoryRebound(to: CChar.self) { target in
                        snappy_uncompress(source.baseAddress, source.count, target.baseAddress, &length)
                    }
                }
            }
            count = status == SNAPPY_OK ? length : 0
        }
        guard status == SNAPPY_OK else { throw invalid }
        return output
    }

    private static func zstdDecompress(_ input: ArraySlice<UInt8>, expected: Int) throws(ParquetFailure) -> [UInt8] {
        let declared = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // UInt64.max and UInt64.max - 1 are "unknown" and "error"; a declared size must match.
        if declared < UInt64.max - 1, declared != UInt64(expected) {
            throw .malformed("a zstd page declares \(declared) bytes, its header says \(expected)")
        }
        var written = 0
        let output = [UInt8](unsafeUninitializedCapacity: expected) { target, count in
            written = input.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
            count = ZSTD_isError(written) == 0 ? written : 0
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
