import Foundation

/// A file or folder of a file store, as listing and stat report it.
struct FileItem: Sendable, Equatable {
    /// The path inside the store, `/`-separated, without a leading `/` (`"in/2024/a.csv"`).
    var path: String
    var isFolder: Bool
    /// Bytes; 0 for folders.
    var size: Int64
    var lastModified: Date?
    /// The store's MD5 of the content, base64, when it keeps one (blobs do).
    var contentMD5: String?

    /// The last path component.
    var name: String { path.split(separator: "/").last.map(String.init) ?? path }
}

/// Paths inside a store: joining and splitting `/`-separated relative paths.
package enum StorePath {
    /// `folder` and `name` joined with one `/`, ignoring empty parts and stray slashes.
    package static func join(_ parts: String...) -> String { join(parts) }

    package static func join(_ parts: [String]) -> String {
        parts.flatMap { $0.split(separator: "/", omittingEmptySubsequences: true).map(String.init) }
            .joined(separator: "/")
    }

    /// The folder part of a path (`"a/b"` for `"a/b/c.csv"`, `""` for `"c.csv"`).
    package static func parent(_ path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        guard !components.isEmpty else { return "" }
        components.removeLast()
        return components.joined(separator: "/")
    }

    /// `path` relative to `folder` when it lies inside it (`"b/c.csv"` for `"a/b/c.csv"` in `"a"`).
    static func relative(_ path: String, to folder: String) -> String {
        let folder = join(folder)
        guard !folder.isEmpty else { return join(path) }
        let normalized = join(path)
        if normalized.hasPrefix(folder + "/") { return String(normalized.dropFirst(folder.count + 1)) }
        return normalized
    }
}
