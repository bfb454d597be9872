import Crypto
#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import PluginKit

/// A `FileServer` linked service: a local folder (`host`) whose files the datasets name by
/// `folderPath` and `fileName` below it. `userId` and `password` are not used.
struct LocalFileStore: FileStore {
    /// The folder every path is relative to, without a trailing `/`.
    let root: String
    let linkedServiceName: String

    var description: String { "FileServer '\(linkedServiceName)' (folder '\(root)')" }

    init(root: String, linkedServiceName: String) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.linkedServiceName = linkedServiceName
    }

    /// The local path of `path` (checked for `..` by every operation first).
    func absolute(_ path: String) -> String {
        let relative = StorePath.join(path)
        return relative.isEmpty ? root : root + "/" + relative
    }

    /// Refuses a path that climbs out of the root (`..`), from a log `path` or a listing.
    private func checked(_ path: String) throws(ActivityFailure) {
        if path.split(separator: "/").contains("..") {
            throw DataFailure.invalidDataset(
                path: "path '\(path)' in \(description)", problem: "'..' is not allowed; give a path inside the store"
            ).failure
        }
    }

    func item(at path: String) async throws(ActivityFailure) -> FileItem? {
        try checked(path)
        let full = absolute(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { return nil }
        return try describe(path: StorePath.join(path), full: full, isFolder: isDirectory.boolValue)
    }

    func list(folder: String, recursive: Bool) async throws(ActivityFailure) -> [FileItem] {
        try checked(folder)
        let folder = StorePath.join(folder)
        guard let top = try await item(at: folder), top.isFolder else {
            throw DataFailure.fileNotFound(store: description, path: folder).failure
        }
        var items: [FileItem] = []
        // An explicit work list instead of recursion: deep trees never grow the stack.
        var pending = [folder]
        while let current = pending.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: absolute(current)).sorted()
            } catch {
                throw DataFailure.fileOperation(
                    operation: "list", store: description, path: current, reason: error.localizedDescription
                ).failure
            }
            for name in names {
                let path = StorePath.join(current, name)
                let full = absolute(path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
                let item = try describe(path: path, full: full, isFolder: isDirectory.boolValue)
                if item.isFolder {
                    if recursive { pending.append(path) } else { items.append(item) }
                } else {
                    items.append(item)
                }
            }
        }
        return items.sorted { $0.path < $1.path }
    }

    func open(_ path: String) async throws(ActivityFailure) -> any ByteSource {
        try checked(path)
        let full = absolute(path)
        guard let handle = FileHandle(forReadingAtPath: full) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw DataFailure.fileOperation(
                    operation: "read", store: description, path: path, reason: "permission denied"
                ).failure
            }
            throw DataFailure.fileNotFound(store: description, path: StorePath.join(path)).failure
        }
        return LocalFileSource(handle: handle, path: path, store: description)
    }

    func create(_ path: String) async throws(ActivityFailure) -> any ByteSink {
        try checked(path)
        let full = absolute(path)
        let folder = (full as NSString).deletingLastPathComponent
        let temporary = folder + "/." + (full as NSString).lastPathComponent + ".pipehost-" + UUID().uuidString + ".tmp"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DataFailure.fileOperation(
                operation: "create the folder of", store: description, path: path, reason: error.localizedDescription
            ).failure
        }
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw DataFailure.fileOperation(
                operation: "write", store: description, path: path, reason: "the file cannot be created"
            ).failure
        }
        return LocalFileSink(handle: handle, temporaryPath: temporary, finalPath: full, path: path, store: description)
    }

    func delete(_ path: String) async throws(ActivityFailure) {
        try checked(path)
        let full = absolute(path)
        guard FileManager.default.fileExists(atPath: full) else {
            throw DataFailure.fileNotFound(store: description, path: StorePath.join(path)).failure
        }
        do {
            try FileManager.default.removeItem(atPath: full)
        } catch {
            throw DataFailure.fileOperation(
                operation: "delete", store: description, path: path, reason: error.localizedDescription
            ).failure
        }
    }

    private func describe(path: String, full: String, isFolder: Bool) throws(ActivityFailure) -> FileItem {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: full)
        } catch {
            throw DataFailure.fileOperation(
                operation: "read the attributes of", store: description, path: path, reason: error.localizedDescription
            ).failure
        }
        let size = isFolder ? 0 : ((attributes[.size] as? NSNumber)?.int64Value ?? 0)
        return FileItem(
            path: path, isFolder: isFolder, size: size, lastModified: attributes[.modificationDate] as? Date,
            contentMD5: nil)
    }

    /// The MD5 of a file's content, base64, computed by streaming it (a local folder keeps none).
    func contentMD5(_ path: String) async throws(ActivityFailure) -> String {
        let source = try await open(path)
        defer { Task { await source.close() } }
        var hash = Insecure.MD5()
        while true {
            let chunk = try await source.read(maximum: ByteChunk.size)
            if chunk.isEmpty { break }
            hash.update(data: chunk)
        }
        return Data(hash.finalize()).base64EncodedString()
    }
}

/// Reads a local file in chunks.
final class LocalFileSource: ByteSource {
    private let handle: FileHandle
    private let path: String
    private let store: String
    private let state = LockedState<(read: Int64, closed: Bool)>((0, false))

    init(handle: FileHandle, path: String, store: String) {
        self.handle = handle
        self.path = path
        self.store = store
    }

    var bytesRead: Int64 { state.value.read }

    func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
        guard !state.value.closed else { return [] }
        // One read(2) per chunk straight into the array: FileHandle reads a page at a time and
        // copies through Data.
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: max(1, maximum)) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got > 0 {
                    count += got
                } else if got == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        if failure != 0 {
            throw DataFailure.fileOperation(
                operation: "read", store: store, path: path, reason: String(cString: strerror(failure))
            ).failure
        }
        state.withLock { $0.read += Int64(bytes.count) }
        return bytes
    }

    func close() async {
        let wasOpen = state.withLock { value -> Bool in
            defer { value.closed = true }
            return !value.closed
        }
        if wasOpen { try? handle.close() }
    }
}

/// Writes a local file under a hidden temporary name in the same folder and renames it into
/// place at commit, so readers never see a partial file.
final class LocalFileSink: ByteSink {
    private let handle: FileHandle
    private let temporaryPath: String
    private let finalPath: String
    private let path: String
    private let store: String
    private let state = LockedState<(written: Int64, finished: Bool)>((0, false))

    init(handle: FileHandle, temporaryPath: String, finalPath: String, path: String, store: String) {
        self.handle = handle
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
        self.path = path
        self.store = store
    }

    func write(_ bytes: [UInt8]) async throws(ActivityFailure) {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw DataFailure.fileOperation(operation: "write", store: store, path: path, reason: error.localizedDescription)
                .failure
        }
        state.withLock { $0.written += Int64(bytes.count) }
    }

    func commit() async throws(ActivityFailure) -> Int64 {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            await abort()
            throw DataFailure.fileOperation(operation: "write", store: store, path: path, reason: error.localizedDescription)
                .failure
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            await abort()
            throw DataFailure.fileOperation(operation: "write", store: store, path: path, reason: reason).failure
        }
        return state.withLock { value in
            value.finished = true
            return value.written
        }
    }

    func abort() async {
        let wasOpen = state.withLock { value -> Bool in
            defer { value.finished = true }
            return !value.finished
        }
        if wasOpen { try? handle.close() }
        if FileManager.default.fileExists(atPath: temporaryPath) { try? FileManager.default.removeItem(atPath: temporaryPath) }
    }
}
