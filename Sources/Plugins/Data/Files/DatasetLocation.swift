import PluginKit

/// Where a file dataset points: its store's folder and optional file name, read from
/// `typeProperties.location` (`FileServerLocation`, `AzureBlobStorageLocation`,
/// `AzureBlobFSLocation`, `HttpServerLocation`) or the older top-level `folderPath`/`fileName`.
package struct DatasetLocation: Sendable, Equatable {
    /// The folder inside the store (for blobs the container first: `"container/in/2024"`).
    package var folderPath: String
    /// The file name, possibly with wildcards; nil when the dataset names a folder.
    package var fileName: String?
    /// `HttpServerLocation.relativeUrl`.
    package var relativeURL: String?
    /// The blob container (`container`, or `fileSystem` of Data Lake) the paths start with; `""` for
    /// stores without one. Copy's `wildcardFolderPath` is relative to it, as in ADF.
    package var container: String = ""

    /// The file or folder path the dataset names.
    package var path: String { StorePath.join(folderPath, fileName ?? "") }

    package init(folderPath: String, fileName: String?, relativeURL: String? = nil) {
        self.folderPath = StorePath.join(folderPath)
        self.fileName = fileName.flatMap { $0.isEmpty ? nil : $0 }
        self.relativeURL = relativeURL
    }

    /// Reads the location of `dataset`.
    package init(dataset: Invocation.Dataset) throws(ActivityFailure) {
        let properties = dataset.typeProperties
        let location = properties["location"] ?? properties
        let prefix = "dataset '\(dataset.name)' typeProperties" + (properties["location"] == nil ? "" : ".location")
        func text(_ key: String) throws(ActivityFailure) -> String? {
            guard let value = location.objectValue?[caseInsensitive: key], !value.isNull else { return nil }
            guard let string = value.stringValue else {
                throw DataFailure.invalidDataset(path: "\(prefix).\(key)", problem: "expected a string, found \(value.typeName)")
                    .failure
            }
            return string
        }
        var container = try text("container")
        if container == nil { container = try text("fileSystem") }
        let folder = try text("folderPath") ?? ""
        for component in folder.split(separator: "/") where component == ".." {
            throw DataFailure.invalidDataset(
                path: "\(prefix).folderPath", problem: "'..' is not allowed; give the path inside the store").failure
        }
        self.init(
            folderPath: StorePath.join(container ?? "", folder), fileName: try text("fileName"),
            relativeURL: try text("relativeUrl"))
        self.container = StorePath.join(container ?? "")
        if let fileName, fileName.contains("/") || fileName == ".." {
            throw DataFailure.invalidDataset(
                path: "\(prefix).fileName", problem: "a file name cannot contain '/'; put folders in folderPath").failure
        }
    }
}
