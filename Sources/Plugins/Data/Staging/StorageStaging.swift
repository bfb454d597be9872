import Foundation
import PluginKit

/// The files of a storage linked service, fetched into a local folder and stored back from one:
/// the door through which other plugins of this package (the Spark family's scripts, jars and
/// logs) reach the file stores of the data activities, so that a store is spoken to in one place.
///
/// Paths are store paths (`container/folder/file` for blob storage, relative to `host` for a
/// `FileServer`); `wasbs://container@account.blob.core.windows.net/path` and
/// `abfss://filesystem@account.dfs.core.windows.net/path` name the same store path.
package final class StorageStaging: Sendable {
    /// The linked service types files can be fetched from and stored to.
    package static let reachableTypes = ["FileServer", "AzureBlobStorage", "AzureStorage", "AzureBlobFS", "HttpServer"]

    private let clients = HttpClients()

    package init() {}

    /// Closes the HTTP client; call once, at the plugin's shutdown.
    package func shutdown() { clients.shutdown() }

    /// Copies the file at `path`, or every file below the folder at `path`, into `folder` (the
    /// file keeps its name; a folder's files keep their paths below it). Returns the local paths
    /// written, sorted. Fails naming the store when nothing is at `path`.
    package func fetch(
        _ path: String, from service: Invocation.LinkedService, into folder: String
    ) async throws(ActivityFailure) -> [String] {
        let store = try self.store(service)
        let storePath = Self.storePath(path)
        guard let item = try await store.item(at: storePath) else {
            throw DataFailure.fileNotFound(store: store.description, path: storePath).failure
        }
        var written: [String] = []
        if item.isFolder {
            for file in try await store.list(folder: storePath, recursive: true) where !file.isFolder {
                let relative = String(file.path.dropFirst(storePath.isEmpty ? 0 : storePath.count + 1))
                written.append(try await copy(file.path, of: store, to: folder + "/" + relative, modified: file.lastModified))
            }
        } else {
            written.append(try await copy(storePath, of: store, to: folder + "/" + item.name, modified: item.lastModified))
        }
        return written.sorted()
    }

    /// Whether a file or a non-empty folder is at `path` in the storage.
    package func exists(_ path: String, in service: Invocation.LinkedService) async throws(ActivityFailure) -> Bool {
        try await store(service).item(at: Self.storePath(path)) != nil
    }

    /// Stores every file below the local `folder` under `path` in the store, keeping their paths
    /// below it. Returns how many files it stored.
    package func store(
        folder: String, to path: String, in service: Invocation.LinkedService
    ) async throws(ActivityFailure) -> Int {
        let store = try self.store(service)
        let local = LocalFileStore(root: folder, linkedServiceName: "local folder")
        var stored = 0
        for file in try await local.list(folder: "", recursive: true) where !file.isFolder {
            try await Self.pipe(
                try await local.open(file.path), into: try await store.create(StorePath.join(Self.storePath(path), file.path)))
            stored += 1
        }
        return stored
    }

    /// Deletes every file below the folder at `path` (ADF's "clear the folder" before a sink writes).
    /// Returns how many files it deleted; nothing at `path` deletes nothing.
    package func clear(folder path: String, in service: Invocation.LinkedService) async throws(ActivityFailure) -> Int {
        let store = try self.store(service)
        let storePath = Self.storePath(path)
        guard let item = try await store.item(at: storePath), item.isFolder else { return 0 }
        var deleted = 0
        for file in try await store.list(folder: storePath, recursive: true) where !file.isFolder {
            try await store.delete(file.path)
            deleted += 1
        }
        return deleted
    }

    /// Deletes the file at `path`.
    package func delete(_ path: String, in service: Invocation.LinkedService) async throws(ActivityFailure) {
        try await store(service).delete(Self.storePath(path))
    }

    /// Moves the file at `path` to `destination` in the same store: copied, then deleted.
    package func move(_ path: String, to destination: String, in service: Invocation.LinkedService)
        async throws(ActivityFailure)
    {
        let store = try self.store(service)
        try await Self.pipe(
            try await store.open(Self.storePath(path)), into: try await store.create(Self.storePath(destination)))
        try await store.delete(Self.storePath(path))
    }

    /// Copies `source` into `sink` in chunks of 1 MiB and commits it; on a failure the sink is
    /// aborted (nothing half-written stays). Both are closed either way.
    private static func pipe(_ source: any ByteSource, into sink: any ByteSink) async throws(ActivityFailure) {
        do throws(ActivityFailure) {
            while true {
                let chunk = try await source.read(maximum: 1 << 20)
                if chunk.isEmpty { break }
                try await sink.write(chunk)
            }
            _ = try await sink.commit()
            await source.close()
        } catch {
            await sink.abort()
            await source.close()
            throw error
        }
    }

    /// A store path for `path`, with a `wasb[s]://` or `abfs[s]://` URI turned into
    /// `container/path`.
    package static func storePath(_ path: String) -> String {
        for scheme in ["wasbs://", "wasb://", "abfss://", "abfs://"] where path.lowercased().hasPrefix(scheme) {
            let rest = path.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" }
            let container = authority.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
            return StorePath.join(container, String(rest.dropFirst(authority.count)))
        }
        return StorePath.join(path)
    }

    private func store(_ service: Invocation.LinkedService) throws(ActivityFailure) -> any FileStore {
        switch service.type.lowercased() {
        case "fileserver":
            return try DatasetStore.fileServer(service)
        case "azurestorage":
            var blob = service
            blob.type = BlobLinkedService.blobStorageType
            return try BlobFileStore.make(blob, client: clients.client)
        case BlobLinkedService.blobStorageType.lowercased(), BlobLinkedService.dataLakeType.lowercased():
            return try BlobFileStore.make(service, client: clients.client)
        case "httpserver":
            return try HttpFileStore.make(service, clients: clients, storeSettings: nil)
        default:
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; files can be fetched only from "
                    + Self.reachableTypes.joined(separator: ", ") + ".",
                code: DataErrorCode.unsupportedLinkedService)
        }
    }

    /// Copies one file; the copy keeps the store's modification time (a data flow source filters
    /// files by it), when the store gives one.
    private func copy(_ path: String, of store: any FileStore, to local: String, modified: Date? = nil)
        async throws(ActivityFailure) -> String
    {
        let parent = (local as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw ActivityFailure.systemError(
                "Could not create the folder '\(parent)': \(error.localizedDescription)",
                code: DataErrorCode.fileOperationFailed)
        }
        guard FileManager.default.createFile(atPath: local, contents: nil),
            let handle = FileHandle(forWritingAtPath: local)
        else {
            throw ActivityFailure.systemError(
                "Could not create the file '\(local)'.", code: DataErrorCode.fileOperationFailed)
        }
        defer { try? handle.close() }
        let source = try await store.open(path)
        do throws(ActivityFailure) {
            while true {
                let chunk = try await source.read(maximum: 1 << 20)
                if chunk.isEmpty { break }
                if let problem = Self.write(chunk, to: handle) {
                    throw ActivityFailure.systemError(
                        "Could not write '\(local)': \(problem)", code: DataErrorCode.fileOperationFailed)
                }
            }
        } catch {
            await source.close()
            throw error
        }
        await source.close()
        if let modified { try? FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: local) }
        return local
    }

    /// Writes `chunk`; the error's description when it failed.
    private static func write(_ chunk: [UInt8], to handle: FileHandle) -> String? {
        do {
            try handle.write(contentsOf: chunk)
            return nil
        } catch {
            return error.localizedDescription
        }
    }
}
