import Foundation
import PluginKit

/// ADF's Delete: removes the files a dataset (and `storeSettings` wildcards) select; a folder
/// dataset with `recursive` loses the folder too. With `enableLogging` it writes ADF's CSV log
/// (Name, Category, Status, Error) to `logStorageSettings`.
struct DeleteActivity {
    let plugin: DataPlugin
    let call: ActivityCall<JSONValue>

    func run() async throws(ActivityFailure) -> JSONValue {
        let started = Date()
        let properties = try PropertyReader(call.input, path: "typeProperties")
        let dataset = try DatasetReference.resolve(properties, invocation: call.invocation)
        var settings = try StoreSettings(
            properties.value("storeSettings"), path: "typeProperties.storeSettings", recursiveDefault: false)
        if let recursive = try properties.bool("recursive") { settings.recursive = recursive }
        let connections = try properties.integer("maxConcurrentConnections", in: 1...256) ?? settings.maxConcurrentConnections ?? 1
        let logging = try properties.bool("enableLogging") ?? false
        guard case .files(let store) = try DatasetStore.resolve(dataset, tableStores: plugin.tableStores, clients: plugin.http) else {
            throw ActivityFailure.userError(
                "The Delete activity deletes files; dataset '\(dataset.name)' is a table.", code: DataErrorCode.invalidDataset)
        }
        let location = try DatasetLocation(dataset: dataset)
        let selection = try await FileSelection.select(in: store, location: location, settings: settings)
        var log: [(name: String, category: String)] = []
        for entry in selection.entries {
            try Cancellation.check()
            try await store.delete(entry.item.path)
            log.append((entry.relativePath, "File"))
        }
        let usesWildcard = settings.wildcardFileName != nil || settings.wildcardFolderPath != nil
            || location.fileName.map(WildcardPattern.hasWildcard) == true
        // A folder dataset with recursive deletes the folder itself, as ADF does.
        if location.fileName == nil, !usesWildcard, settings.recursive, !location.folderPath.isEmpty,
            settings.modifiedDatetimeStart == nil, settings.modifiedDatetimeEnd == nil,
            try await store.item(at: location.folderPath) != nil
        {
            try await store.delete(location.folderPath)
            log.append((location.folderPath, "Folder"))
        }
        var output = JSONObject()
        output["datasetName"] = .string(dataset.name)
        output["type"] = .string(dataset.type)
        output["folderPath"] = .string(location.folderPath)
        if let fileName = location.fileName { output["fileName"] = .string(fileName) }
        output["recursive"] = .bool(settings.recursive)
        output["isWildcardUsed"] = .bool(usesWildcard)
        output["maxConcurrentConnections"] = .integer(Int64(connections))
        output["filesDeleted"] = .integer(Int64(log.filter { $0.category == "File" }.count))
        if logging {
            output["logPath"] = .string(try await writeLog(log, properties: properties))
        }
        output["effectiveIntegrationRuntime"] = "pipehost (local)"
        output["executionDuration"] = .integer(Int64(Date().timeIntervalSince(started).rounded()))
        return .object(output)
    }

    private func writeLog(_ log: [(name: String, category: String)], properties: PropertyReader) async throws(ActivityFailure) -> String {
        let settings = try properties.object("logStorageSettings")
        let store = try LogStores.store(namedIn: settings, invocation: call.invocation, clients: plugin.http)
        let folder = StorePath.join(try settings.string("path") ?? "", call.invocation.run.activityRunId)
        var text = "Name,Category,Status,Error\r\n"
        for entry in log { text += "\(IncompatibleRowLog.csvField(entry.name)),\(entry.category),Deleted,\r\n" }
        try await LogStores.write(text, to: StorePath.join(folder, "\(call.invocation.run.activityRunId).csv"), in: store)
        return folder
    }
}
