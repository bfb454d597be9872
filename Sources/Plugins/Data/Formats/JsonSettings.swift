import PluginKit

/// A `Json` dataset's settings, with the sink's `formatSettings.filePattern`.
struct JsonSettings: Sendable, Equatable {
    enum FilePattern: String, Sendable, Equatable {
        /// One object per line (what a sink writes), or objects one after another, on read.
        case setOfObjects
        /// One JSON array of objects.
        case arrayOfObjects
    }

    var encoding: TextEncoding
    var compression: CompressionSettings
    var filePattern: FilePattern

    init(dataset: Invocation.Dataset, formatSettings: JSONValue?, formatSettingsPath: String) throws(ActivityFailure) {
        let reader = try PropertyReader(dataset.typeProperties, path: "dataset '\(dataset.name)' typeProperties")
        encoding = try TextEncoding(name: reader.string("encodingName"), path: reader.member("encodingName"))
        compression = try CompressionSettings(reader)
        let format = try PropertyReader(formatSettings, path: formatSettingsPath)
        switch try format.string("filePattern")?.lowercased() {
        case nil, "setofobjects": filePattern = .setOfObjects
        case "arrayofobjects": filePattern = .arrayOfObjects
        case let other?:
            throw ActivityFailure.invalidProperty(
                format.member("filePattern"), "expected setOfObjects or arrayOfObjects, found '\(other)'")
        }
    }
}
