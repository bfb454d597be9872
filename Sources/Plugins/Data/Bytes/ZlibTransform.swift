import CZlib
import PluginKit

/// gzip, raw deflate and zlib-wrapped deflate through zlib, one chunk at a time. The
/// decompressor reads concatenated gzip members (what several writers appending produce).
final class ZlibTransform: StreamTransform, @unchecked Sendable {
    // One copy loop uses a transform at a time; the stream lives until deinit.
    enum Direction { case compress, decompress }

    private var stream = z_stream()
    private let direction: Direction
    private let file: String
    private var finished = false
    private let windowBits: Int32

    init(codec: CompressionSettings.Codec, direction: Direction, fastest: Bool, file: String) throws(ActivityFailure) {
        self.direction = direction
        self.file = file
        switch codec {
        case .gzip: windowBits = direction == .decompress ? 15 + 32 : 15 + 16
        case .deflate: windowBits = -15
        default: windowBits = 15
        }
        let status =
            direction == .decompress
            ? pipehost_inflate_init(&stream, windowBits)
            : pipehost_deflate_init(&stream, fastest ? 1 : 6, windowBits)
        guard status == Z_OK else {
            throw DataFailure.compression(file: file, reason: "zlib could not start (status \(status))").failure
        }
    }

    deinit {
        if direction == .decompress { inflateEnd(&stream) } else { deflateEnd(&stream) }
    }

    func process(_ input: [UInt8], final: Bool) throws(ActivityFailure) -> [UInt8] {
        var output: [UInt8] = []
        var input = input
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var failure: ActivityFailure?
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            while failure == nil {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = UInt32(outputBuffer.count)
                    return direction == .decompress
                        ? inflate(&stream, Z_NO_FLUSH) : deflate(&stream, final ? Z_FINISH : Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output += chunk[0..<produced]
                switch status {
                case Z_STREAM_END:
                    if direction == .decompress, stream.avail_in > 0 {
                        inflateReset(&stream)
                        continue
                    }
                    finished = true
                    return
                case Z_OK:
                    if stream.avail_in == 0 && stream.avail_out > 0 && !(direction == .compress && final) { return }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 { return }
                    failure = DataFailure.compression(file: file, reason: "the compressed data is truncated").failure
                default:
                    failure = DataFailure.compression(
                        file: file, reason: "the data is not valid \(windowBits < 0 ? "deflate" : windowBits > 15 ? "gzip" : "zlib") data"
                    ).failure
                }
            }
        }
        if let failure { throw failure }
        if final, direction == .decompress, !finished {
            throw DataFailure.compression(file: file, reason: "the compressed data ends early").failure
        }
        return output
    }
}
