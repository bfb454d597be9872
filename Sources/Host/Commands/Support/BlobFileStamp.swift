import Foundation

/// A blob file's size and modification time, to tell which files a run wrote.
struct BlobFileStamp: Sendable, Equatable {
    var size: Int
    var modified: Date

    /// Every regular file under `folders`, by absolute path. Hidden files and folders are the
    /// emulator's own bookkeeping (staged blocks, stored Content-MD5s), never blobs: no container
    /// name starts with a dot.
    static func scan(_ folders: [URL]) -> [String: BlobFileStamp] {
        var stamps: [String: BlobFileStamp] = [:]
        for folder in folders {
            guard
                let files = FileManager.default.enumerator(
                    at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey],
                    options: [.skipsHiddenFiles])
            else { continue }
            for case let file as URL in files {
                guard let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]),
                    values.isRegularFile == true
                else { continue }
                stamps[file.standardizedFileURL.path] = BlobFileStamp(
                    size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
            }
        }
        return stamps
    }
}
