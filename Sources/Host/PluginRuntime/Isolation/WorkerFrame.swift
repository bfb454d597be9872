import PipehostJSON

/// The framing of the worker protocol: each message is a u32 little-endian byte count followed by
/// that many bytes of UTF-8 JSON (docs/worker-protocol.md).
enum WorkerFrame {
    /// The protocol version both sides announce in the handshake.
    static let protocolVersion: Int64 = 2
    /// The largest frame either side accepts: plugin results are capped far below this
    /// (`PluginLimits.maximumResultBytes`), so a bigger length means a corrupt stream.
    static let maximumLength = 64 * 1024 * 1024

    /// The frame of one message.
    static func encode(_ message: JSONValue) -> [UInt8] {
        let body = JSONSerializer.bytes(message)
        let length = UInt32(body.count)
        var frame: [UInt8] = [
            UInt8(length & 0xff), UInt8((length >> 8) & 0xff), UInt8((length >> 16) & 0xff), UInt8(length >> 24),
        ]
        frame.reserveCapacity(4 + body.count)
        frame.append(contentsOf: body)
        return frame
    }
}

/// What went wrong reading a frame.
enum WorkerFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream ended (cleanly between frames, or in the middle of one).
    case endOfStream(midFrame: Bool)
    /// The length prefix exceeds ``WorkerFrame/maximumLength``.
    case tooLong(Int)
    /// The body is not JSON.
    case invalidJSON(String)

    var description: String {
        switch self {
        case .endOfStream(let midFrame):
            midFrame ? "the stream ended in the middle of a message" : "the stream ended"
        case .tooLong(let length):
            "a message announced \(length) bytes, more than the \(WorkerFrame.maximumLength) allowed"
        case .invalidJSON(let reason):
            "a message is not valid JSON (\(reason))"
        }
    }
}

/// Reads frames from a blocking file descriptor, buffering what the kernel hands over.
///
/// Unchecked Sendable: it is handed once to the thread that reads the channel and used only there.
final class WorkerFrameReader: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next message; blocks until one is complete.
    func next() -> Result<JSONValue, WorkerFrameError> {
        while true {
            let available = buffer.count - start
            if available >= 4 {
                let length =
                    Int(buffer[start]) | Int(buffer[start + 1]) << 8 | Int(buffer[start + 2]) << 16
                    | Int(buffer[start + 3]) << 24
                guard length <= WorkerFrame.maximumLength else { return .failure(.tooLong(length)) }
                if available >= 4 + length {
                    let body = Array(buffer[(start + 4)..<(start + 4 + length)])
                    start += 4 + length
                    if start == buffer.count {
                        buffer.removeAll(keepingCapacity: true)
                        start = 0
                    }
                    do {
                        return .success(try JSONParser.parse(body))
                    } catch {
                        return .failure(.invalidJSON("\(error)"))
                    }
                }
            }
            let more = WorkerProcess.readSome(descriptor)
            guard !more.isEmpty else { return .failure(.endOfStream(midFrame: available > 0)) }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            buffer.append(contentsOf: more)
        }
    }
}
