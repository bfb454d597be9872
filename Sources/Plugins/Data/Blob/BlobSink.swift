import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// Writes a blob as blocks: every ``BlobFileStore/blockSize`` bytes become one Put Block, and only
/// `commit` sends Put Block List (with the content's MD5 as `x-ms-blob-content-md5`). Until then
/// nothing is visible under the blob's name; `abort` simply never commits (Azure discards uncommitted
/// blocks by itself).
final class BlobSink: ByteSink, @unchecked Sendable {
    /// Azure's limit on the blocks of one blob.
    static let maximumBlocks = 50_000

    // The copy loop writes from one task at a time; `state` guards what abort() touches.
    private let blobs: BlobClient
    private let container: String
    private let blob: String
    private let path: String
    /// Block ids are `<prefix>-<6-digit index>` in base64: one length for every block of the blob.
    private let idPrefix = String(UUID().uuidString.prefix(8))
    private var buffer: [UInt8] = []
    private var blockIds: [String] = []
    private var hash = Insecure.MD5()
    private let state = LockedState<(written: Int64, finished: Bool)>((0, false))

    init(blobs: BlobClient, container: String, blob: String, path: String) {
        self.blobs = blobs
        self.container = container
        self.blob = blob
        self.path = path
        buffer.reserveCapacity(BlobFileStore.blockSize)
    }

    func write(_ bytes: [UInt8]) async throws(ActivityFailure) {
        guard !state.value.finished else {
            throw DataFailure.fileOperation(
                operation: "write", store: blobs.storeDescription, path: path, reason: "the upload was already finished"
            ).failure
        }
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(rest.count, BlobFileStore.blockSize - buffer.count)
            buffer += rest.prefix(take)
            rest = rest.dropFirst(take)
            if buffer.count == BlobFileStore.blockSize { try await stageBuffer() }
        }
    }

    private func stageBuffer() async throws(ActivityFailure) {
        guard !buffer.isEmpty else { return }
        guard blockIds.count < Self.maximumBlocks else {
            throw DataFailure.fileOperation(
                operation: "write", store: blobs.storeDescription, path: path,
                reason: "the blob would need more than \(Self.maximumBlocks) blocks").failure
        }
        try Task.checkCancellation(or: .cancelled)
        let id = Data("\(idPrefix)-\(String(format: "%06d", blockIds.count))".utf8).base64EncodedString()
        hash.update(data: buffer)
        let reply = try await blobs.send(
            .PUT, container: container, blob: blob, query: [("comp", "block"), ("blockid", id)],
            body: ByteBuffer(bytes: buffer), operation: "write", path: path)
        guard (200..<300).contains(reply.status) else { throw blobs.failure(reply, operation: "write", path: path) }
        blockIds.append(id)
        state.withLock { $0.written += Int64(buffer.count) }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() async throws(ActivityFailure) -> Int64 {
        guard !state.value.finished else { return state.value.written }
        do throws(ActivityFailure) {
            try await stageBuffer()
            var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>"
            for id in blockIds { xml += "<Latest>\(id)</Latest>" }
            xml += "</BlockList>"
            let md5 = Data(hash.finalize()).base64EncodedString()
            let reply = try await blobs.send(
                .PUT, container: container, blob: blob, query: [("comp", "blocklist")],
                headers: [("x-ms-blob-content-md5", md5), ("Content-Type", "application/xml")],
                body: ByteBuffer(string: xml), operation: "write", path: path)
            guard (200..<300).contains(reply.status) else { throw blobs.failure(reply, operation: "write", path: path) }
        } catch {
            await abort()
            throw error
        }
        return state.withLock { value in
            value.finished = true
            return value.written
        }
    }

    func abort() async {
        state.withLock { $0.finished = true }
        buffer = []
    }
}

extension Task where Success == Never, Failure == Never {
    /// Throws `failure` when the current task is cancelled.
    static func checkCancellation(or failure: ActivityFailure) throws(ActivityFailure) {
        if Task<Never, Never>.isCancelled { throw failure }
    }
}
