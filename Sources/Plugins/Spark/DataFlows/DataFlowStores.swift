import DataFlowScript
import DataPluginCore
import Foundation
import PluginKit
import PostgresSupport

/// Where each source of a data flow reads and each sink writes, as local files the Spark job can
/// reach: a `FileServer` folder is read in place; blob storage (the emulator's accounts, or
/// Azure's) is fetched into the job folder first. Every sink writes into the job folder, and its
/// files go to the sink's store only once the whole data flow succeeded (``StoredFolder``), so a
/// failed run leaves the stores as they were.
struct DataFlowStores {
    /// The store of each source and sink, by stream name, for the compiler.
    var planStores: [String: PlanStore] = [:]
    /// The sinks' folders and where they go.
    var sinkFolders: [StoredFolder] = []
    /// The passwords of database stores, by the environment variable the plan names for each.
    var passwords: [String: String] = [:]
    /// Whether a source or sink is a database: the job then needs the JDBC driver.
    var usesDatabase = false
    /// The sources whose files are deleted or moved once the data flow succeeded.
    var processedSources: [ProcessedSourceFiles] = []

    /// The file formats a data flow reads and writes, by dataset type and by an inline dataset's
    /// `format`.
    static let formats: [String: String] = [
        "delimitedtext": "csv", "delimited": "csv", "json": "json", "parquet": "parquet",
    ]

    static func resolve(
        _ definition: DataFlowDefinition, dataFlow: Invocation.DataFlow, options: [String: [String: Constant]],
        context: JobContext
    ) async throws(ActivityFailure) -> DataFlowStores {
        var stores = DataFlowStores()
        for statement in definition.script.statements where statement.kind == .source || statement.kind == .sink {
            let isSource = statement.kind == .source
            let scriptOptions = options[statement.name] ?? [:]
            if let database = try DataFlowDatabaseEndpoint(
                statement: statement, dataFlow: dataFlow, scriptOptions: scriptOptions)
            {
                if scriptOptions["moveFiles"] != nil || scriptOptions["purgeFiles"] == .boolean(true) {
                    throw DataFlowFailure.unsupportedStore(
                        "The source '\(statement.name)' reads a database table: moveFiles and purgeFiles apply to files only.")
                }
                let variable = "PIPEHOST_DATAFLOW_PASSWORD_\(stores.planStores.count + 1)"
                if let password = database.connection.password { stores.passwords[variable] = password }
                stores.planStores[statement.name] = database.planStore(passwordEnv: variable)
                stores.usesDatabase = true
                continue
            }
            let endpoint = try DataFlowEndpoint(statement: statement, dataFlow: dataFlow, scriptOptions: scriptOptions)
            try endpoint.checkSettings()
            let folder = context.folder.path + (isSource ? "/sources/" : "/sinks/") + Self.safe(statement.name)
            if isSource {
                let read = try await endpoint.sourceStore(
                    folder: folder, wildcard: scriptOptions["wildcardPaths"] != nil, staging: context.staging)
                stores.planStores[statement.name] = read.store
                if let processed = try endpoint.afterCompletion(scriptOptions, localRoot: read.localRoot, storeRoot: read.storeRoot) {
                    stores.processedSources.append(processed)
                }
            } else {
                stores.planStores[statement.name] = .files(
                    format: endpoint.format, path: folder, wildcard: nil, options: endpoint.sparkOptions(forSink: true),
                    fileName: endpoint.location.fileName)
                stores.sinkFolders.append(
                    StoredFolder(
                        folder: folder, path: endpoint.location.folderPath, linkedService: endpoint.service.name,
                        clearFirst: scriptOptions["truncate"] == .boolean(true)))
            }
        }
        return stores
    }

    /// A stream name as a folder name.
    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

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
                folderPath: [container, scriptOptions["folderPath"]?.text ?? ""].filter { !$0.isEmpty }.joined(separator: "/"),
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
