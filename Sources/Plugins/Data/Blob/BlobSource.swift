import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// Reads a blob front to back with ranged GETs of ``BlobFileStore/readChunkSize`` bytes, so at most
/// one chunk of it is in memory.
final class BlobSource: ByteSource, @unchecked Sendable {
    // The copy loop reads one chunk at a time; `state` guards what close() touches.
    private let blobs: BlobClient
    private let container: String
    private let blob: String
    private let path: String
    private let size: Int64
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private let state = LockedState<(read: Int64, closed: Bool)>((0, false))

    init(blobs: BlobClient, container: String, blob: String, path: String, size: Int64) {
        self.blobs = blobs
        self.container = container
        self.blob = blob
        self.path = path
        self.size = size
    }

    var bytesRead: Int64 { state.value.read }

    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
        if pendingOffset >= pending.count {
            let (offset, closed) = state.withLock { ($0.read, $0.closed) }
            guard !closed, offset < size else { return [] }
            let last = min(size, offset + Int64(BlobFileStore.readChunkSize)) - 1
            let reply = try await blobs.send(
                .GET, container: container, blob: blob, headers: [("x-ms-range", "bytes=\(offset)-\(last)")],
                operation: "read", path: path)
            guard (200..<300).contains(reply.status) else { throw blobs.failure(reply, operation: "read", path: path) }
            pending = Array(reply.body.readableBytesView)
            pendingOffset = 0
            guard !pending.isEmpty else {
                throw DataFailure.fileOperation(
                    operation: "read", store: blobs.storeDescription, path: path,
                    reason: "the blob ended at byte \(offset) of \(size) (it changed while being read)").failure
            }
            state.withLock { $0.read += Int64(pending.count) }
        }
        let count = min(max(1, maximum), pending.count - pendingOffset)
        defer { pendingOffset += count }
        return Array(pending[pendingOffset..<(pendingOffset + count)])
    }

    func close() async {
        state.withLock { $0.closed = true }
        pending = []
        pendingOffset = 0
    }
}
