import Crypto
import Foundation

/// The blobs of every configured storage account, kept as files: `<account folder>/<container>/<path>`.
///
/// Containers are folders and are created on first write (Azure needs them created first; the emulator
/// does it for you). Writes go to a temporary file renamed into place, so readers never see half a blob.
/// Beside the containers, two hidden folders hold what a file cannot: `.blob-properties/<container>/<path>`
/// the blob's Content-MD5 (base64), and `.uncommitted-blocks/<container>/<blob digest>/<block id hex>`
/// the blocks Put Block staged and Put Block List has not committed yet. Their names start with `.`, which
/// no container name can, so they never show up as containers.
struct BlobStore: Sendable {
    /// The folder of an account holding each blob's Content-MD5.
    static let propertiesFolderName = ".blob-properties"
    /// The folder of an account holding staged (uncommitted) blocks.
    static let uncommittedBlocksFolderName = ".uncommitted-blocks"

    /// Accounts by name.
    let accounts: [String: StorageAccount]

    /// The named account.
    func account(_ name: String) throws(StorageError) -> StorageAccount {
        guard let account = accounts[name] else { throw .accountNotFound(name) }
        return account
    }

    /// The local file of a blob.
    func fileURL(of location: BlobLocation) throws(StorageError) -> URL {
        try account(location.account).folder
            .appendingPathComponent(location.container, isDirectory: true)
            .appendingPathComponent(location.path, isDirectory: false)
    }

    /// The blob's bytes.
    func read(_ location: BlobLocation) throws(StorageError) -> Data {
        let file = try fileURL(of: location)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw try containerExists(location) ? .blobNotFound : .containerNotFound
        }
        do {
            return try Data(contentsOf: file)
        } catch {
            throw .fileSystem("could not read \(location): \(error.localizedDescription)")
        }
    }

    /// Size and modification time, or `nil` when the blob does not exist.
    func properties(_ location: BlobLocation) throws(StorageError) -> BlobProperties? {
        let file = try fileURL(of: location)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            (attributes[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let md5 = (try? String(contentsOf: try propertiesURL(of: location), encoding: .utf8))
            .flatMap { $0.isEmpty ? nil : $0 }
        return BlobProperties(size: size, lastModified: modified, contentMD5: md5)
    }

    /// Stores the bytes as the blob (Put Blob), creating the container and parent folders, and keeps
    /// the MD5 of the content as the blob's Content-MD5, as Azure does for a blob uploaded in one request.
    /// Blocks staged for the blob are discarded.
    func write(_ data: Data, to location: BlobLocation) throws(StorageError) {
        let file = try fileURL(of: location)
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true
            )
            try data.write(to: file, options: .atomic)
        } catch {
            throw .fileSystem("could not write \(location): \(error.localizedDescription)")
        }
        try setContentMD5(Data(Insecure.MD5.hash(data: data)).base64EncodedString(), of: location)
        try discardUncommittedBlocks(of: location)
    }

    /// The hidden file holding a blob's Content-MD5.
    func propertiesURL(of location: BlobLocation) throws(StorageError) -> URL {
        try account(location.account).folder
            .appendingPathComponent(Self.propertiesFolderName, isDirectory: true)
            .appendingPathComponent(location.container, isDirectory: true)
            .appendingPathComponent(location.path, isDirectory: false)
    }

    /// Records (or, with `nil`, forgets) the blob's Content-MD5.
    func setContentMD5(_ md5: String?, of location: BlobLocation) throws(StorageError) {
        let file = try propertiesURL(of: location)
        do {
            guard let md5 else {
                if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
                return
            }
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(md5.utf8).write(to: file, options: .atomic)
        } catch {
            throw .fileSystem("could not record the Content-MD5 of \(location): \(error.localizedDescription)")
        }
    }

    /// Removes the blob.
    func delete(_ location: BlobLocation) throws(StorageError) {
        guard try properties(location) != nil else {
            throw try containerExists(location) ? .blobNotFound : .containerNotFound
        }
        do {
            try FileManager.default.removeItem(at: try fileURL(of: location))
        } catch {
            throw .fileSystem("could not delete \(location): \(error.localizedDescription)")
        }
        try setContentMD5(nil, of: location)
        try discardUncommittedBlocks(of: location)
    }

    func containerExists(_ location: BlobLocation) throws(StorageError) -> Bool {
        let folder = try account(location.account).folder.appendingPathComponent(location.container, isDirectory: true)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// What Get Blob Properties reports.
struct BlobProperties: Sendable, Equatable {
    let size: Int
    let lastModified: Date
    /// The base64 MD5 Azure reports as `Content-MD5`: computed at Put Blob, given by the client
    /// (`x-ms-blob-content-md5`) at Put Block List; `nil` when neither happened.
    var contentMD5: String? = nil

    /// A strong ETag from size and modification time, in Azure's `"0x…"` style.
    var etag: String {
        let stamp = UInt64(max(0, lastModified.timeIntervalSince1970 * 1_000_000))
        return "\"0x\(String(stamp, radix: 16, uppercase: true))\(String(size, radix: 16, uppercase: true))\""
    }
}
