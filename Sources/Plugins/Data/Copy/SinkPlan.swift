import PluginKit

/// Where a Copy writes each source file: one named file (the sink dataset's `fileName`, or
/// `MergeFiles`), or one file per source file below the sink folder (`PreserveHierarchy`, the
/// default, keeps the source's relative folders; `FlattenHierarchy` drops them).
struct SinkPlan: Sendable, Equatable {
    enum CopyBehavior: String, Sendable, Equatable {
        case preserveHierarchy = "PreserveHierarchy"
        case flattenHierarchy = "FlattenHierarchy"
        case mergeFiles = "MergeFiles"
    }

    /// Set when every source file goes into this one file.
    var singlePath: String?
    var folder: String
    var behavior: CopyBehavior

    init(
        dataset: Invocation.Dataset, sink: PropertyReader, selection: FileSelection?, runId: String, format: DatasetFormat
    ) throws(ActivityFailure) {
        let location = try DatasetLocation(dataset: dataset)
        let settings = try sink.object("storeSettings")
        switch try settings.string("copyBehavior")?.lowercased() {
        case nil, "", "preservehierarchy": behavior = .preserveHierarchy
        case "flattenhierarchy": behavior = .flattenHierarchy
        case "mergefiles": behavior = .mergeFiles
        case let other?:
            throw ActivityFailure.invalidProperty(
                settings.member("copyBehavior"),
                "expected PreserveHierarchy, FlattenHierarchy or MergeFiles, found '\(other)'")
        }
        if let name = location.fileName, WildcardPattern.hasWildcard(name) {
            throw DataFailure.invalidDataset(
                path: "dataset '\(dataset.name)' typeProperties.location.fileName",
                problem: "a sink file name cannot have wildcards").failure
        }
        folder = location.folderPath
        let generated = "data_\(runId).\(Self.fileExtension(format, sink: sink))"
        if let name = location.fileName {
            singlePath = StorePath.join(folder, name)
        } else if behavior == .mergeFiles || selection == nil {
            singlePath = StorePath.join(folder, generated)
        } else if let selection, selection.isSingleFile, let entry = selection.entries.first {
            singlePath = StorePath.join(folder, entry.relativePath.split(separator: "/").last.map(String.init) ?? entry.item.name)
        }
    }

    /// The sink path of one source file.
    func path(for entry: FileSelection.Entry) -> String {
        if let singlePath { return singlePath }
        switch behavior {
        case .flattenHierarchy: return StorePath.join(folder, entry.item.name)
        case .preserveHierarchy, .mergeFiles: return StorePath.join(folder, entry.relativePath)
        }
    }

    private static func fileExtension(_ format: DatasetFormat, sink: PropertyReader) -> String {
        if let text = try? sink.object("formatSettings").string("fileExtension"), !text.isEmpty {
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch format {
        case .delimitedText: return "txt"
        case .json: return "json"
        case .parquet: return "parquet"
        case .binary: return "bin"
        }
    }
}
