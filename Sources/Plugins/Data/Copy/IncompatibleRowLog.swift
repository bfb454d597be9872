import Foundation
import PluginKit

/// The log of rows a Copy skipped (`enableSkipIncompatibleRow`), written when the activity has
/// `redirectIncompatibleRowSettings` or `logSettings.logLocationSettings`: a CSV file
/// `<path>/<activityRunId>/incompatiblerows.csv` in that linked service's store, with the file,
/// row number, row text and reason of each skipped row.
enum IncompatibleRowLog {
    /// Writes the log when asked; returns its path, or nil when the activity asks for no log.
    static func write(
        _ rows: [IncompatibleRows.Row], properties: PropertyReader, invocation: Invocation, clients: HttpClients
    ) async throws(ActivityFailure) -> String? {
        var settings = try properties.object("redirectIncompatibleRowSettings")
        if settings.value("linkedServiceName") == nil {
            settings = try properties.object("logSettings").object("logLocationSettings")
        }
        guard settings.value("linkedServiceName") != nil else { return nil }
        let store = try LogStores.store(namedIn: settings, invocation: invocation, clients: clients)
        let path = StorePath.join(try settings.string("path") ?? "", invocation.run.activityRunId, "incompatiblerows.csv")
        var text = "File,RowNumber,Row,Reason\r\n"
        for row in rows {
            text += [row.file, row.number > 0 ? String(row.number) : "", row.text, row.reason].map(csvField).joined(separator: ",")
            text += "\r\n"
        }
        try await LogStores.write(text, to: path, in: store)
        return path
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The store a log goes to (Copy's skipped rows, Delete's deleted files): a linked service of a
/// file kind.
enum LogStores {
    /// The store of the linked service that log settings (`logStorageSettings`,
    /// `redirectIncompatibleRowSettings`, …) name in `linkedServiceName`.
    static func store(namedIn settings: PropertyReader, invocation: Invocation, clients: HttpClients) throws(ActivityFailure) -> any FileStore {
        let reference = try settings.object("linkedServiceName").requiredString("referenceName")
        guard let service = invocation.linkedServices[reference] ?? (invocation.linkedService?.name == reference ? invocation.linkedService : nil)
        else {
            throw ActivityFailure.invalidProperty(
                settings.member("linkedServiceName"), "the linked service '\(reference)' was not resolved")
        }
        return try store(service, clients: clients)
    }

    /// Writes `text` as the file `path` of `store`, all or nothing.
    static func write(_ text: String, to path: String, in store: any FileStore) async throws(ActivityFailure) {
        let sink = try await store.create(path)
        do throws(ActivityFailure) {
            try await sink.write(Array(text.utf8))
            _ = try await sink.commit()
        } catch {
            await sink.abort()
            throw error
        }
    }

    static func store(_ service: Invocation.LinkedService, clients: HttpClients) throws(ActivityFailure) -> any FileStore {
        guard let kind = StoreKind(linkedServiceType: service.type) else {
            throw StoreKind.unreachable(linkedService: service.name, type: service.type)
        }
        let dataset = Invocation.Dataset(
            json: ["name": "log", "type": "Binary", "linkedService": ["name": .string(service.name), "type": .string(service.type), "typeProperties": service.typeProperties]])
        guard kind != .postgreSQL, kind != .http, let dataset, case .files(let store) = try DatasetStore.resolve(dataset, tableStores: [:], clients: clients) else {
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' of type '\(service.type)' cannot hold log files; use a FileServer or "
                    + "blob storage linked service.", code: DataErrorCode.invalidDataset)
        }
        return store
    }
}
