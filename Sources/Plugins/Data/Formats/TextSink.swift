import PluginKit

/// Text written to a file: UTF-8 gathered into chunks, encoded in the dataset's encoding,
/// compressed when the dataset says so, and handed to the store's all-or-nothing sink.
final class TextSink: @unchecked Sendable {
    // Used by one writer at a time; the writer serialises calls.
    private let sink: any ByteSink
    private let encoder: TextEncoder
    private let compressor: (any StreamTransform)?
    private var pending: [UInt8] = []
    private var wroteFirst = false
    private static let flushSize = 64 * 1024

    init(sink: any ByteSink, file: String, encoding: TextEncoding, compression: CompressionSettings) throws(ActivityFailure) {
        self.sink = sink
        encoder = TextEncoder(encoding: encoding, file: file)
        compressor = try Compression.compressor(compression, file: file)
    }

    func append(_ text: [UInt8]) async throws(ActivityFailure) {
        pending += text
        if pending.count >= Self.flushSize { try await flush(final: false) }
    }

    private func flush(final: Bool) async throws(ActivityFailure) {
        guard !pending.isEmpty || final else { return }
        var bytes = try encoder.encode(pending, first: !wroteFirst)
        wroteFirst = wroteFirst || !pending.isEmpty
        pending.removeAll(keepingCapacity: true)
        if let compressor { bytes = try compressor.process(bytes, final: final) }
        try await sink.write(bytes)
    }

    /// Flushes and commits; returns the bytes stored.
    func commit() async throws(ActivityFailure) -> Int64 {
        do throws(ActivityFailure) {
            try await flush(final: true)
        } catch {
            await sink.abort()
            throw error
        }
        return try await sink.commit()
    }

    func abort() async { await sink.abort() }
}
