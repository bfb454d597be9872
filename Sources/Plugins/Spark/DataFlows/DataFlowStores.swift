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
