import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// An `AzureBlobStorage` or `AzureBlobFS` linked service as a file store. A path's first component is
/// the container (file system), the rest the blob name; "folders" are the `/`-separated prefixes of blob
/// names. Reads are ranged GETs of ``BlobFileStore/readChunkSize`` each; writes stage blocks and commit
/// them with Put Block List only when the sink commits.
struct BlobFileStore: FileStore {
    /// Bytes per ranged GET: one chunk in memory per open blob.
    static let readChunkSize = 4 << 20
    /// Bytes per staged block.
    static let blockSize = 4 << 20

    let blobs: BlobClient
    let linkedServiceName: String

    var description: String { blobs.storeDescription }

    static func make(_ service: Invocation.LinkedService, client: HTTPClient) throws(ActivityFailure) -> BlobFileStore {
        let access = try BlobLinkedService.access(service)
        let description = "\(service.type) '\(service.name)' (account '\(access.accountName)')"
        return BlobFileStore(
            blobs: BlobClient(access: access, client: client, storeDescription: description),
            linkedServiceName: service.name)
    }

    /// Splits a store path into container and blob name (nil for the container itself).
    func split(_ path: String) throws(ActivityFailure) -> (container: String, blob: String?) {
        let parts = StorePath.join(path).split(separator: "/", maxSplits: 1).map(String.init)
        guard let container = parts.first else {
            throw DataFailure.invalidDataset(
                path: "path '\(path)' in \(description)", problem: "give the container (or file system) first").failure
        }
        if parts.contains("..") || path.split(separator: "/").contains("..") {
            throw DataFailure.invalidDataset(
                path: "path '\(path)' in \(description)", problem: "'..' is not allowed; give a path inside the store"
            ).failure
        }
        return (container, parts.count > 1 ? parts[1] : nil)
    }

    func item(at path: String) async throws(ActivityFailure) -> FileItem? {
        let normalized = StorePath.join(path)
        if normalized.isEmpty { return FileItem(path: "", isFolder: true, size: 0, lastModified: nil, contentMD5: nil) }
        let (container, blob) = try split(normalized)
        if let blob {
            let reply = try await blobs.send(.HEAD, container: container, blob: blob, operation: "read", path: normalized)
            if (200..<300).contains(reply.status) {
                return FileItem(
                    path: normalized, isFolder: false,
                    size: reply.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0,
                    lastModified: reply.headers.first(name: "Last-Modified").flatMap(BlobClient.parseHTTPDate),
                    contentMD5: reply.headers.first(name: "Content-MD5"))
            }
            guard reply.status == 404 else { throw blobs.failure(reply, operation: "read", path: normalized) }
        }
        let page = try await listPage(
            container: container, prefix: blob.map { $0 + "/" } ?? "", delimiter: nil, marker: nil, maxResults: 1,
            path: normalized)
        guard let page else { return nil }
        if blob != nil, page.blobs.isEmpty { return nil }
        return FileItem(path: normalized, isFolder: true, size: 0, lastModified: nil, contentMD5: nil)
    }

    func list(folder: String, recursive: Bool) async throws(ActivityFailure) -> [FileItem] {
        let normalized = StorePath.join(folder)
        let (container, blob) = try split(normalized)
        let prefix = blob.map { $0 + "/" } ?? ""
        var items: [FileItem] = []
        var marker: String?
        var pages = 0
        repeat {
            guard let page = try await listPage(
                container: container, prefix: prefix, delimiter: recursive ? nil : "/", marker: marker,
                maxResults: nil, path: normalized)
            else { throw DataFailure.fileNotFound(store: description, path: normalized).failure }
            for entry in page.blobs where !entry.name.hasSuffix("/") {
                items.append(FileItem(
                    path: StorePath.join(container, entry.name), isFolder: false, size: entry.size,
                    lastModified: entry.lastModified, contentMD5: entry.contentMD5))
            }
            for name in page.prefixes {
                items.append(FileItem(
                    path: StorePath.join(container, name), isFolder: true, size: 0, lastModified: nil, contentMD5: nil))
            }
            marker = page.nextMarker
            pages += 1
        } while marker != nil && pages < 1_000_000
        if blob != nil, items.isEmpty {
            throw DataFailure.fileNotFound(store: description, path: normalized).failure
        }
        return items.sorted { $0.path < $1.path }
    }

    /// One List Blobs page; nil when the container does not exist.
    private func listPage(
        container: String, prefix: String, delimiter: String?, marker: String?, maxResults: Int?, path: String
    ) async throws(ActivityFailure) -> BlobListing? {
        var query = [("restype", "container"), ("comp", "list")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let marker { query.append(("marker", marker)) }
        if let maxResults { query.append(("maxresults", String(maxResults))) }
        let reply = try await blobs.send(.GET, container: container, blob: nil, query: query, operation: "list", path: path)
        if reply.status == 404 { return nil }
        guard (200..<300).contains(reply.status) else { throw blobs.failure(reply, operation: "list", path: path) }
        return BlobListing(xml: String(buffer: reply.body))
    }

    func open(_ path: String) async throws(ActivityFailure) -> any ByteSource {
        let normalized = StorePath.join(path)
        let (container, blob) = try split(normalized)
        guard let blob, let item = try await item(at: normalized), !item.isFolder else {
            throw DataFailure.fileNotFound(store: description, path: normalized).failure
        }
        return BlobSource(blobs: blobs, container: container, blob: blob, path: normalized, size: item.size)
    }

    func create(_ path: String) async throws(ActivityFailure) -> any ByteSink {
        let normalized = StorePath.join(path)
        let (container, blob) = try split(normalized)
        guard let blob else {
            throw DataFailure.invalidDataset(
                path: "path '\(normalized)' in \(description)", problem: "a file needs a name below the container"
            ).failure
        }
        return BlobSink(blobs: blobs, container: container, blob: blob, path: normalized)
    }

    func delete(_ path: String) async throws(ActivityFailure) {
        let normalized = StorePath.join(path)
        let (container, blob) = try split(normalized)
        if let blob {
            let reply = try await blobs.send(.DELETE, container: container, blob: blob, operation: "delete", path: normalized)
            if (200..<300).contains(reply.status) { return }
            guard reply.status == 404 else { throw blobs.failure(reply, operation: "delete", path: normalized) }
        }
        // A folder: every blob below it.
        let files = try await list(folder: normalized, recursive: true)
        for file in files {
            let (fileContainer, fileBlob) = try split(file.path)
            let reply = try await blobs.send(
                .DELETE, container: fileContainer, blob: fileBlob, operation: "delete", path: file.path)
            guard (200..<300).contains(reply.status) || reply.status == 404 else {
                throw blobs.failure(reply, operation: "delete", path: file.path)
            }
        }
    }
}
