import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Block blobs uploaded in pieces: Put Block stages a block under its id, Put Block List commits a list
/// of staged blocks as the blob's content. Staged blocks are invisible (Get Blob, List Blobs) until
/// committed; committing or replacing the blob discards every block staged for it.
extension BlobStore {
    /// The largest block id, decoded, that Azure accepts.
    static let maximumBlockIdSize = 64

    /// The folder of the blocks staged for one blob (named by the SHA-256 of the blob path, so any
    /// path fits one folder level).
    func uncommittedBlocksURL(of location: BlobLocation) throws(StorageError) -> URL {
        let digest = SHA256.hash(data: Data(location.path.utf8)).map { String(format: "%02x", $0) }.joined()
        return try account(location.account).folder
            .appendingPathComponent(Self.uncommittedBlocksFolderName, isDirectory: true)
            .appendingPathComponent(location.container, isDirectory: true)
            .appendingPathComponent(digest, isDirectory: true)
    }

    /// Decodes a `blockid` query value: base64 of at most 64 bytes.
    static func blockIdBytes(_ blockId: String) throws(StorageError) -> Data {
        guard let bytes = Data(base64Encoded: blockId), !bytes.isEmpty, bytes.count <= maximumBlockIdSize else {
            throw .invalidBlockId(blockId)
        }
        return bytes
    }

    /// Put Block: stages `data` as block `blockId` of the blob. Every block of one blob must have an id
    /// of the same length, as Azure requires.
    func stageBlock(_ data: Data, blockId: String, of location: BlobLocation) throws(StorageError) {
        let idBytes = try Self.blockIdBytes(blockId)
        let folder = try uncommittedBlocksURL(of: location)
        let name = idBytes.map { String(format: "%02x", $0) }.joined()
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if let other = staged.first(where: { !$0.hasPrefix(".") }), other.count != name.count {
            throw .invalidBlockId("\(blockId) (its length differs from the blocks already staged for the blob)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: folder.appendingPathComponent(name), options: .atomic)
        } catch {
            throw .fileSystem("could not stage a block of \(location): \(error.localizedDescription)")
        }
    }

    /// Put Block List: the blob becomes the staged blocks named by `blockIds`, in order, replacing any
    /// older content; `contentMD5` (from `x-ms-blob-content-md5`) becomes its Content-MD5. Every other
    /// staged block of the blob is discarded.
    ///
    /// - Throws: `InvalidBlockList` when an id names no staged block (the emulator keeps no committed
    ///   block lists, so `<Committed>` ids and `<Latest>` ids of an earlier commit are not found).
    func commitBlocks(_ blockIds: [String], contentMD5: String?, to location: BlobLocation) throws(StorageError) {
        let folder = try uncommittedBlocksURL(of: location)
        var files: [URL] = []
        for blockId in blockIds {
            let idBytes = try Self.blockIdBytes(blockId)
            let file = folder.appendingPathComponent(idBytes.map { String(format: "%02x", $0) }.joined())
            guard FileManager.default.fileExists(atPath: file.path) else { throw .invalidBlockList(blockId) }
            files.append(file)
        }
        let target = try fileURL(of: location)
        let assembling = folder.deletingLastPathComponent()
            .appendingPathComponent(".commit-\(UUID().uuidString)", isDirectory: false)
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: assembling.path, contents: nil) else {
                throw StorageError.fileSystem("could not create the blob being committed")
            }
            let output = try FileHandle(forWritingTo: assembling)
            defer { try? output.close() }
            // One read(2) per MiB: FileHandle's read(upToCount:) reads a page at a time.
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            for file in files {
                let input = try FileHandle(forReadingFrom: file)
                defer { try? input.close() }
                while true {
                    let got = buffer.withUnsafeMutableBytes { Glibc.read(input.fileDescriptor, $0.baseAddress, $0.count) }
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw StorageError.fileSystem("could not read a staged block: errno \(errno)")
                    }
                    if got == 0 { break }
                    try buffer.withUnsafeBytes { try output.write(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
                }
            }
            try output.close()
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if rename(assembling.path, target.path) != 0 {
                throw StorageError.fileSystem("could not move the committed blob into place: errno \(errno)")
            }
        } catch let error as StorageError {
            try? FileManager.default.removeItem(at: assembling)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: assembling)
            throw .fileSystem("could not commit \(location): \(error.localizedDescription)")
        }
        try setContentMD5(contentMD5, of: location)
        try discardUncommittedBlocks(of: location)
    }

    /// Forgets every block staged for the blob.
    func discardUncommittedBlocks(of location: BlobLocation) throws(StorageError) {
        let folder = try uncommittedBlocksURL(of: location)
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        do {
            try FileManager.default.removeItem(at: folder)
        } catch {
            throw .fileSystem("could not discard the uncommitted blocks of \(location): \(error.localizedDescription)")
        }
    }
}
