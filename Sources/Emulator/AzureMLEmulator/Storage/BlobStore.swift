import Foundation

/// The blobs of every configured storage account, kept as files: `<account folder>/<container>/<path>`.
///
/// Containers are folders and are created on first write (Azure needs them created first; the emulator
/// does it for you). Writes go to a temporary file renamed into place, so readers never see half a blob.
struct BlobStore: Sendable {
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
        return BlobProperties(size: size, lastModified: modified)
    }

    /// Stores the bytes as the blob, creating the container and parent folders.
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
    }

    private func containerExists(_ location: BlobLocation) throws(StorageError) -> Bool {
        let folder = try account(location.account).folder.appendingPathComponent(location.container, isDirectory: true)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// What Get Blob Properties reports.
struct BlobProperties: Sendable, Equatable {
    let size: Int
    let lastModified: Date

    /// A strong ETag from size and modification time, in Azure's `"0x…"` style.
    var etag: String {
        let stamp = UInt64(max(0, lastModified.timeIntervalSince1970 * 1_000_000))
        return "\"0x\(String(stamp, radix: 16, uppercase: true))\(String(size, radix: 16, uppercase: true))\""
    }
}
