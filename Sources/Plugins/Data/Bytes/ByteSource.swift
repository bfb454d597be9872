import PluginKit

/// The bytes of one file, read front to back in chunks: a local file, a blob, an HTTP response
/// body, or another source seen through a decompressor. Nothing holds the whole file.
protocol ByteSource: AnyObject, Sendable {
    /// Up to `maximum` more bytes (maximum ≥ 1); an empty array at the end of the file.
    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8]
    /// Bytes read from the store so far (before decompression), for Copy's `dataRead`.
    var bytesRead: Int64 { get }
    /// Releases the file or response; safe to call twice.
    func close() async
}

/// The bytes of one file being written. Nothing is visible under the file's name before
/// `commit`; `abort` leaves the store as it was.
protocol ByteSink: AnyObject, Sendable {
    func write(_ bytes: [UInt8]) async throws(ActivityFailure)
    /// Makes the file visible under its name; returns the bytes stored (after compression).
    func commit() async throws(ActivityFailure) -> Int64
    /// Discards what was written; safe after a failed `commit` and twice.
    func abort() async
}

/// The read chunk size of the data activities: big enough for throughput, small enough that
/// several open files never add up to much memory.
enum ByteChunk {
    static let size = 256 * 1024
}
