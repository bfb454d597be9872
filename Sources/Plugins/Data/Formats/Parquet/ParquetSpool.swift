import Foundation
import PluginKit

/// A Parquet file's bytes in a temporary local file, for the random access its footer needs:
/// every store's ``ByteSource`` reads front to back (an HTTP body, a blob download), so the
/// source is copied here chunk by chunk and read back by offset. Deleted on ``remove()``.
final class ParquetSpool: @unchecked Sendable {
    // Used by one reader at a time; the reader serialises calls.
    private let handle: FileHandle
    private let path: String
    private let file: String
    let size: Int64

    /// Copies `bytes` (a file called `file`) into a new temporary file; closes `bytes` either way.
    static func copy(_ bytes: any ByteSource, file: String) async throws(ActivityFailure) -> ParquetSpool {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipehost-parquet-\(UUID().uuidString).parquet"
        ).path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forUpdatingAtPath: path)
        else {
            await bytes.close()
            throw DataFailure.fileOperation(
                operation: "spool", store: "the temporary folder", path: file,
                reason: "a temporary file cannot be created"
            ).failure
        }
        var size: Int64 = 0
        do throws(ActivityFailure) {
            while true {
                try Cancellation.check()
                let chunk = try await bytes.read(maximum: ByteChunk.size)
                if chunk.isEmpty { break }
                do {
                    try handle.write(contentsOf: chunk)
                } catch {
                    throw DataFailure.fileOperation(
                        operation: "spool", store: "the temporary folder", path: file,
                        reason: error.localizedDescription
                    ).failure
                }
                size += Int64(chunk.count)
            }
            await bytes.close()
        } catch {
            await bytes.close()
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return ParquetSpool(handle: handle, path: path, file: file, size: size)
    }

    private init(handle: FileHandle, path: String, file: String, size: Int64) {
        self.handle = handle
        self.path = path
        self.file = file
        self.size = size
    }

    /// `count` bytes from `offset`; fails naming the file when they are not all there.
    func read(at offset: Int64, count: Int) throws(ActivityFailure) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetFailure.malformed(
                "a column chunk or footer claims bytes \(offset)..<\(offset &+ Int64(max(count, 0))) of a \(size)-byte file"
            ).failure(file: file)
        }
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw ParquetFailure.truncated(what: "a column chunk") }
            return [UInt8](data)
        } catch let failure as ParquetFailure {
            throw failure.failure(file: file)
        } catch {
            throw DataFailure.fileOperation(
                operation: "read the spooled copy of", store: "the temporary folder", path: file,
                reason: error.localizedDescription
            ).failure
        }
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
