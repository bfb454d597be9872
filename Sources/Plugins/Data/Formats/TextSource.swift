import PluginKit

/// A file's text as UTF-8 chunks: the store's bytes, decompressed when the dataset says so,
/// decoded from the dataset's encoding.
final class TextSource: @unchecked Sendable {
    // Used by one reader at a time; the reader serialises calls.
    let bytes: any ByteSource
    let file: String
    private let decompressor: (any StreamTransform)?
    private let decoder: TextDecoder
    private var finished = false

    init(bytes: any ByteSource, file: String, encoding: TextEncoding, compression: CompressionSettings) throws(ActivityFailure) {
        self.bytes = bytes
        self.file = file
        decompressor = try Compression.decompressor(compression, file: file)
        decoder = TextDecoder(encoding: encoding, file: file)
    }

    /// The next UTF-8 chunk (possibly empty while a character waits for its end), nil at the end.
    func next() async throws(ActivityFailure) -> [UInt8]? {
        guard !finished else { return nil }
        try Cancellation.check()
        let raw = try await bytes.read(maximum: ByteChunk.size)
        let final = raw.isEmpty
        var plain = raw
        if let decompressor { plain = try decompressor.process(raw, final: final) }
        let text = try decoder.decode(plain, final: final)
        if final { finished = true }
        return final && text.isEmpty ? nil : text
    }

    func close() async { await bytes.close() }
}

/// Cancellation as the data activities see it: the call's own flag (set the moment the host
/// cancels the call or the attempt times out) and Swift task cancellation, which the kit sets
/// soon after. Loops call ``check()``.
enum Cancellation {
    /// The flag of the call being run. A class rather than a bare optional closure: a task-local
    /// value of an optional function type crashed `swift_task_localValuePush` in release builds of
    /// the plugin.
    final class CallFlag: Sendable {
        let isCancelled: @Sendable () -> Bool
        init(_ isCancelled: @escaping @Sendable () -> Bool) { self.isCancelled = isCancelled }
    }

    @TaskLocal static var call: CallFlag?

    static func check() throws(ActivityFailure) {
        if Task.isCancelled || call?.isCancelled() == true { throw ActivityFailure.cancelled }
    }

    /// Runs `body` with `call`'s cancellation flag visible to ``check()``.
    static func watching<Input: Sendable, Output: Sendable>(
        _ call: ActivityCall<Input>, _ body: () async throws -> Output
    ) async throws -> Output {
        try await $call.withValue(CallFlag({ call.isCancelled })) { try await body() }
    }
}
