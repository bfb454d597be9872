import Foundation
import Synchronization

/// Standard output and error, written whole lines at a time from any task.
final class StandardStreams: Sendable {
    static let output = StandardStreams(descriptor: STDOUT_FILENO)
    static let error = StandardStreams(descriptor: STDERR_FILENO)

    let descriptor: Int32
    private let lock = Mutex(())

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the stream is a terminal (and not redirected to a file or pipe).
    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Columns of the terminal, or 120 when unknown.
    var width: Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 120
    }

    func write(_ text: String) {
        lock.withLock { _ in
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                }
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
            bytes.removeAll()
        }
    }
}
