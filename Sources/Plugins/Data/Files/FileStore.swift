import PluginKit

/// A store of files: a local folder (`FileServer`), a blob container tree (`AzureBlobStorage`,
/// `AzureBlobFS`) or an HTTP endpoint (read-only). Paths are relative to the store's root.
protocol FileStore: Sendable {
    /// The store for messages: `folder '/data/in'`, `account 'devstore'`; never a secret.
    var description: String { get }
    /// The file or folder at `path`; nil when nothing is there. `""` is the root folder.
    func item(at path: String) async throws(ActivityFailure) -> FileItem?
    /// The items directly in `folder` (files and folders), or with `recursive` every file below
    /// it (folders left out). Fails when `folder` does not exist.
    func list(folder: String, recursive: Bool) async throws(ActivityFailure) -> [FileItem]
    /// Reads the file at `path`; fails with ``DataFailure/fileNotFound`` when it is missing.
    func open(_ path: String) async throws(ActivityFailure) -> any ByteSource
    /// A new file at `path`, visible (replacing an older one) only when the sink commits.
    func create(_ path: String) async throws(ActivityFailure) -> any ByteSink
    /// Deletes the file at `path`, or the folder with everything in it.
    func delete(_ path: String) async throws(ActivityFailure)
}
