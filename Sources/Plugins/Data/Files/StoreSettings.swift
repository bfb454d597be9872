import Foundation
import PluginKit

/// A source's or activity's `storeSettings` (`…ReadSettings`): which files of the dataset's
/// location it takes.
struct StoreSettings: Sendable, Equatable {
    var recursive: Bool
    var wildcardFolderPath: String?
    var wildcardFileName: String?
    var modifiedDatetimeStart: Date?
    var modifiedDatetimeEnd: Date?
    var deleteFilesAfterCompletion: Bool
    var maxConcurrentConnections: Int?

    /// Reads `value` (`storeSettings`, or null). `recursiveDefault` is Copy's `true` or Delete's `false`.
    init(_ value: JSONValue?, path: String, recursiveDefault: Bool) throws(ActivityFailure) {
        let object = value?.objectValue ?? JSONObject()
        let reader = PropertyReader(object: object, path: path)
        recursive = try reader.bool("recursive") ?? recursiveDefault
        wildcardFolderPath = try reader.string("wildcardFolderPath").flatMap { $0.isEmpty ? nil : $0 }
        if let folder = wildcardFolderPath, folder.split(separator: "/").contains("..") {
            throw ActivityFailure.invalidProperty(reader.member("wildcardFolderPath"), "'..' is not allowed")
        }
        wildcardFileName = try reader.string("wildcardFileName").flatMap { $0.isEmpty ? nil : $0 }
        modifiedDatetimeStart = try reader.dateTime("modifiedDatetimeStart")
        modifiedDatetimeEnd = try reader.dateTime("modifiedDatetimeEnd")
        deleteFilesAfterCompletion = try reader.bool("deleteFilesAfterCompletion") ?? false
        maxConcurrentConnections = try reader.integer("maxConcurrentConnections", in: 1...256)
    }

    /// Whether a file's last-modified time lies in [start, end).
    func acceptsModified(_ date: Date?) -> Bool {
        if modifiedDatetimeStart == nil, modifiedDatetimeEnd == nil { return true }
        guard let date else { return false }
        if let start = modifiedDatetimeStart, date < start { return false }
        if let end = modifiedDatetimeEnd, date >= end { return false }
        return true
    }
}

/// The files a dataset and its store settings select, each with its path relative to the
/// selection's base folder (what PreserveHierarchy keeps).
struct FileSelection: Sendable {
    struct Entry: Sendable, Equatable {
        var item: FileItem
        /// The path below ``FileSelection/baseFolder``.
        var relativePath: String
    }

    var baseFolder: String
    var entries: [Entry]
    /// True when the dataset named one file without wildcards.
    var isSingleFile: Bool

    /// Lists `store` as ADF does for `location` and `settings`. A single named file that is
    /// missing fails with ``DataFailure/fileNotFound``; a folder that is missing too.
    static func select(
        in store: any FileStore, location: DatasetLocation, settings: StoreSettings
    ) async throws(ActivityFailure) -> FileSelection {
        if store is HttpFileStore || store is RestFileStore {
            // An HTTP or REST dataset is one response (REST: its pages): its relative URL, named
            // after the URL's last segment.
            let path = location.relativeURL ?? ""
            let item = FileItem(path: path, isFolder: false, size: 0, lastModified: nil, contentMD5: nil)
            return FileSelection(
                baseFolder: "", entries: [Entry(item: item, relativePath: HttpFileStore.fileName(path))], isSingleFile: true)
        }
        if let wildcardFolder = settings.wildcardFolderPath {
            return try await selectByFolderWildcard(
                in: store, location: location, wildcardFolder: wildcardFolder, settings: settings)
        }
        let namePattern = settings.wildcardFileName ?? location.fileName
        if let name = namePattern, !WildcardPattern.hasWildcard(name) {
            let path = StorePath.join(location.folderPath, name)
            guard let item = try await store.item(at: path), !item.isFolder else {
                throw DataFailure.fileNotFound(store: store.description, path: path).failure
            }
            let entries = settings.acceptsModified(item.lastModified) ? [Entry(item: item, relativePath: item.name)] : []
            return FileSelection(baseFolder: location.folderPath, entries: entries, isSingleFile: true)
        }
        let pattern = WildcardPattern(namePattern ?? "*")
        let items = try await store.list(folder: location.folderPath, recursive: settings.recursive)
        let entries = items.filter { !$0.isFolder && pattern.matches($0.name) && settings.acceptsModified($0.lastModified) }
            .map { Entry(item: $0, relativePath: StorePath.relative($0.path, to: location.folderPath)) }
        return FileSelection(baseFolder: location.folderPath, entries: entries, isSingleFile: false)
    }

    /// `wildcardFolderPath` replaces the dataset's folder below the store's root: the listing
    /// starts at its longest prefix without wildcards.
    private static func selectByFolderWildcard(
        in store: any FileStore, location: DatasetLocation, wildcardFolder: String, settings: StoreSettings
    ) async throws(ActivityFailure) -> FileSelection {
        let components = wildcardFolder.split(separator: "/").map(String.init)
        var fixed: [String] = []
        for component in components {
            if WildcardPattern.hasWildcard(component) { break }
            fixed.append(component)
        }
        // Below a blob container, the wildcard folder is relative to the container.
        let base = StorePath.join(location.container, fixed.joined(separator: "/"))
        let folderPattern = WildcardPattern(StorePath.join(location.container, wildcardFolder))
        let namePattern = WildcardPattern(settings.wildcardFileName ?? location.fileName ?? "*")
        let items = try await store.list(folder: base, recursive: true)
        var entries: [Entry] = []
        for item in items where !item.isFolder {
            guard namePattern.matches(item.name), settings.acceptsModified(item.lastModified) else { continue }
            // The file's folder, or with recursive any folder above it, must match the pattern.
            var folder = StorePath.parent(item.path)
            var matched = false
            while true {
                if folderPattern.matches(folder) {
                    matched = true
                    break
                }
                guard settings.recursive, folder.count > base.count, !folder.isEmpty else { break }
                folder = StorePath.parent(folder)
            }
            if matched { entries.append(Entry(item: item, relativePath: StorePath.relative(item.path, to: base))) }
        }
        return FileSelection(baseFolder: base, entries: entries, isSingleFile: false)
    }
}
