import CBzip2
import PluginKit

/// bzip2 through libbz2, one chunk at a time.
final class Bzip2Transform: StreamTransform, @unchecked Sendable {
    // One copy loop uses a transform at a time; the stream lives until deinit.
    private var stream = bz_stream()
    private let compress: Bool
    private let file: String
    private var finished = false

    init(compress: Bool, file: String) throws(ActivityFailure) {
        self.compress = compress
        self.file = file
        let status = compress ? BZ2_bzCompressInit(&stream, 9, 0, 0) : BZ2_bzDecompressInit(&stream, 0, 0)
        guard status == BZ_OK else {
            throw DataFailure.compression(file: file, reason: "libbz2 could not start (status \(status))").failure
        }
    }

    deinit {
        if compress { BZ2_bzCompressEnd(&stream) } else { BZ2_bzDecompressEnd(&stream) }
    }

    func process(_ input: [UInt8], final: Bool) throws(ActivityFailure) -> [UInt8] {
        var output: [UInt8] = []
        var input = input
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var failure: ActivityFailure?
        input.withUnsafeMutableBytes { inputBuffer in
            stream.next_in = inputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            stream.avail_in = UInt32(inputBuffer.count)
            while failure == nil, !finished {
                let status: Int32 = chunk.withUnsafeMutableBytes { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                    stream.avail_out = UInt32(outputBuffer.count)
                    return compress ? BZ2_bzCompress(&stream, final ? BZ_FINISH : BZ_RUN) : BZ2_bzDecompress(&stream)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                switch status {
                case BZ_STREAM_END:
                    finished = true
                case BZ_OK, BZ_RUN_OK, BZ_FINISH_OK:
                    if stream.avail_in == 0 && stream.avail_out > 0 && !(compress && final) { return }
                default:
                    failure = DataFailure.compression(file: file, reason: "the data is not valid bzip2 data").failure
                }
            }
        }
        if let failure { throw failure }
        if final, !compress, !finished {
            throw DataFailure.compression(file: file, reason: "the compressed data ends early").failure
        }
        return output
    }
}
