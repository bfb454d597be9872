import Foundation

/// A blob file's size and modification time, to tell which files a run wrote.
struct BlobFileStamp: Sendable, Equatable {
    var size: Int
    var modified: Date

    /// Every regular file under `folders`, by absolute path.
    static func scan(_ folders: [URL]) -> [String: BlobFileStamp] {
        var stamps: [String: BlobFileStamp] = [:]
        for folder in folders {
            guard
                let files = FileManager.default.enumerator(
                    at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey])
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
