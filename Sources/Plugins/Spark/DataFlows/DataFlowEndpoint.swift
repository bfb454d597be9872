import DataFlowScript
import DataPluginCore
import Foundation
import PluginKit

/// One source or sink: its dataset (or inline dataset), linked service, format and location.
struct DataFlowEndpoint {
    let stream: String
    let format: String
    let location: DatasetLocation
    let service: Invocation.LinkedService
    /// The dataset's format settings, then the script's, by ADF's names.
    let settings: [String: String]

    init(statement: Statement, dataFlow: Invocation.DataFlow, scriptOptions: [String: Constant]) throws(ActivityFailure) {
        stream = statement.name
        let role = statement.kind == .source ? "source" : "sink"
        var settings: [String: String] = [:]
        if let dataset = dataFlow.datasets[statement.name] {
            guard let format = DataFlowStores.formats[dataset.type.lowercased()] else {
                throw DataFlowFailure.unsupportedStore(
                    "The \(role) '\(stream)' uses dataset '\(dataset.name)' of type '\(dataset.type)'; pipehost's data flows "
                        + "read and write DelimitedText, Json and Parquet files, and tables of PostgreSQL linked services "
                        + "(PostgreSql, AzurePostgreSql, PostgreSqlV2).")
            }
            guard let service = dataset.linkedService else {
                throw DataFlowFailure.unsupportedStore(
                    "The dataset '\(dataset.name)' of \(role) '\(stream)' has no linked service resolved by the host.")
            }
            self.format = format
            self.service = service
            location = try DatasetLocation(dataset: dataset)
            for (key, value) in dataset.typeProperties.objectValue ?? JSONObject() {
                if let text = Self.text(value) { settings[key.lowercased()] = text }
            }
        } else {
            guard let service = dataFlow.linkedServices[statement.name] else {
                throw DataFlowFailure.unsupportedStore(
                    "The \(role) '\(stream)' names neither a dataset nor a linked service: in the data flow's JSON, give "
                        + "\(role)s[].dataset or \(role)s[].linkedService for '\(stream)'.")
            }
            let written = scriptOptions["format"]?.text ?? ""
            guard let format = DataFlowStores.formats[written.lowercased()] else {
                throw DataFlowFailure.unsupportedStore(
                    "The inline dataset of \(role) '\(stream)' has format '\(written)'; pipehost's data flows read and "
                        + "write 'delimited', 'json' and 'parquet' yet.")
            }
            self.format = format
            self.service = service
            let container = scriptOptions["fileSystem"]?.text ?? scriptOptions["container"]?.text ?? ""
            var location = DatasetLocation(
                folderPath: StorePath.join(container, scriptOptions["folderPath"]?.text ?? ""),
                fileName: scriptOptions["fileName"]?.text)
            // Wildcard paths start at the container, as a dataset's do.
            location.container = container
            self.location = location
        }
        for (key, value) in scriptOptions {
            if case .array = value { continue }
            settings[key.lowercased()] = value.text
        }
        self.settings = settings
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        default: nil
        }
    }

    /// Refuses format settings ADF refuses: a quote or escape character longer than one character.
    func checkSettings() throws(ActivityFailure) {
        guard format == "csv" else { return }
        for key in ["quoteChar", "escapeChar"] {
            guard let value = settings[key.lowercased()].map(Self.unescaped), value.count > 1 else { continue }
            throw DataFlowFailure.unsupportedStore(
                "The \(key) of '\(stream)' is '\(value)': it must be a single character, or empty for none. Fix the "
                    + "dataset's typeProperties.\(key) (in JSON a backslash is written \"\\\\\").")
        }
    }

    /// Spark's reader and writer options for ADF's format settings.
    func sparkOptions(forSink: Bool) -> [String: String] {
        var options: [String: String] = [:]
        switch format {
        case "csv":
            options["header"] = (settings["columnnamesasheader"] ?? settings["firstrowasheader"]) == "true" ? "true" : "false"
            options["sep"] = settings["columndelimiter"].map(Self.unescaped) ?? ","
            options["quote"] = settings["quotechar"].map(Self.unescaped) ?? "\""
            options["escape"] = settings["escapechar"].map(Self.unescaped) ?? "\\"
            options["nullValue"] = settings["nullvalue"] ?? ""
            if let encoding = settings["encodingname"] ?? settings["encoding"] { options["encoding"] = encoding }
            // Spark's CSV writer trims values unless told not to; ADF writes them as they are.
            if forSink {
                options["ignoreLeadingWhiteSpace"] = "false"
                options["ignoreTrailingWhiteSpace"] = "false"
            }
            if forSink, let rows = settings["rowdelimiter"] { options["lineSep"] = Self.unescaped(rows) }
            if forSink, let codec = settings["compressioncodec"], codec.lowercased() != "none" { options["compression"] = codec.lowercased() }
        case "json":
            let form = settings["documentform"] ?? "documentPerLine"
            if !forSink, form != "documentPerLine" { options["multiLine"] = "true" }
            if let encoding = settings["encodingname"] { options["encoding"] = encoding }
        default:
            if forSink, let codec = settings["compressioncodec"], codec.lowercased() != "none" { options["compression"] = codec.lowercased() }
        }
        return options
    }

    /// `\t`, `\n` and `\r` as written in JSON-escaped ADF settings mean the characters.
    private static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")
            .replacingOccurrences(of: "\\r", with: "\r")
    }

    /// The local path the Spark job reads: the FileServer's own folder, or a copy of the blob
    /// files in `folder`. With `wildcard`, the path is the store's root (ADF's wildcard paths start
    /// at the container), else the dataset's folder or file.
    func sourceStore(folder: String, wildcard: Bool, staging: StorageStaging) async throws(ActivityFailure)
        -> (store: PlanStore, localRoot: String, storeRoot: String)
    {
        // A dataset's file name may itself be a wildcard (`*.csv`): the folder is read, filtered by it.
        let namePattern = location.fileName.flatMap { $0.contains("*") || $0.contains("?") ? $0 : nil }
        let storePath = wildcard ? location.container : (namePattern == nil ? location.path : location.folderPath)
        let path: String
        let localRoot: String
        let storeRoot: String
        if service.type.lowercased() == "fileserver" {
            let host = service.typeProperties["host"]?.stringValue ?? ""
            let root = host.hasPrefix("/") ? host : FileManager.default.currentDirectoryPath + "/" + host
            path = storePath.isEmpty ? root : root + "/" + storePath
            (localRoot, storeRoot) = (root, "")
        } else {
            let written = try await staging.fetch(storePath, from: service, into: folder)
            let oneFile = location.fileName != nil && namePattern == nil && !wildcard && written.count == 1
            path = oneFile ? written[0] : folder
            // A single file is fetched into the folder by its name; a folder's files keep their paths.
            (localRoot, storeRoot) = (folder, oneFile ? StorePath.parent(storePath) : storePath)
        }
        let store = PlanStore.files(
            format: format, path: path, wildcard: wildcard ? nil : namePattern, options: sparkOptions(forSink: false),
            fileName: nil)
        return (store, localRoot, storeRoot)
    }

    /// ADF's "after completion" of a source: `purgeFiles: true` or `moveFiles: ['from', 'to']`.
    func afterCompletion(_ options: [String: Constant], localRoot: String, storeRoot: String) throws(ActivityFailure)
        -> ProcessedSourceFiles?
    {
        var move: ProcessedSourceFiles.Move?
        if let written = options["moveFiles"] {
            guard case .array(let paths) = written, paths.count == 2, case .string(let from) = paths[0],
                case .string(let to) = paths[1]
            else {
                throw DataFlowFailure.unsupportedStore(
                    "The source '\(stream)' has moveFiles \(written.text); it must be two folders, ['from', 'to'].")
            }
            move = ProcessedSourceFiles.Move(from: from, to: to)
        } else if options["purgeFiles"] != .boolean(true) {
            return nil
        }
        return ProcessedSourceFiles(
            stream: stream, linkedService: service.name, localRoot: localRoot, storeRoot: storeRoot,
            container: location.container, move: move)
    }
}
