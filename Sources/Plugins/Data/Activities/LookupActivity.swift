import PluginKit

/// ADF's Lookup: the rows of a dataset (a file's rows or objects, a table or query), as
/// `{"firstRow": {…}}` or `{"count": n, "value": […]}`. Like ADF it returns at most 5,000 rows
/// and fails when the output would be larger than 4 MB.
struct LookupActivity {
    static let maximumRows = 5000
    static let maximumOutputBytes = 4 * 1024 * 1024

    let plugin: DataPlugin
    let call: ActivityCall<JSONValue>

    func run() async throws(ActivityFailure) -> JSONValue {
        let properties = try PropertyReader(call.input, path: "typeProperties")
        let dataset = try DatasetReference.resolve(properties, invocation: call.invocation)
        let source = try properties.object("source")
        let firstRowOnly = try properties.bool("firstRowOnly") ?? true
        let wanted = firstRowOnly ? 1 : Self.maximumRows
        var objects: [JSONValue] = []
        switch try DatasetStore.resolve(
            dataset, tableStores: plugin.tableStores, clients: plugin.http, http: plugin.http,
            storeSettings: source.value("storeSettings"), source: .object(source.object))
        {
        case .table(let tables):
            let reader = try await tables.reader(dataset: dataset, source: .object(source.object))
            objects = try await Self.objects(from: reader, wanted: wanted)
        case .files(let store):
            let format = try DatasetFormat(
                dataset: dataset, formatSettings: source.value("formatSettings"),
                formatSettingsPath: "typeProperties.source.formatSettings")
            let settings = try StoreSettings(
                source.value("storeSettings"), path: "typeProperties.source.storeSettings", recursiveDefault: true)
            let selection = try await FileSelection.select(
                in: store, location: try DatasetLocation(dataset: dataset), settings: settings)
            for entry in selection.entries where objects.count < wanted {
                let bytes = try await store.open(entry.item.path)
                let reader = try await format.openRows(
                    bytes, file: entry.item.path, dataset: dataset, incompatible: IncompatibleRows(skipping: false))
                if let json = reader as? JsonRowReader {
                    do throws(ActivityFailure) {
                        while objects.count < wanted, let object = try await json.nextObject() {
                            objects.append(object)
                        }
                    } catch {
                        await json.close()
                        throw error
                    }
                    await json.close()
                } else {
                    objects += try await Self.objects(from: reader, wanted: wanted - objects.count)
                }
            }
        }
        let output: JSONValue
        if firstRowOnly {
            output = objects.first.map { ["firstRow": $0] } ?? .object(JSONObject())
        } else {
            output = ["count": .integer(Int64(objects.count)), "value": .array(objects)]
        }
        let size = JSONSerializer.bytes(output).count
        guard size <= Self.maximumOutputBytes else {
            throw ActivityFailure.userError(
                "The size \(size) of the Lookup output exceeds the limit of \(Self.maximumOutputBytes) bytes (4 MB). "
                    + "Narrow the query or the files, or set firstRowOnly.", code: DataErrorCode.lookupOutputTooLarge)
        }
        return output
    }

    /// Up to `wanted` rows of `reader` as objects of their columns; closes the reader.
    static func objects(from reader: any RowReader, wanted: Int) async throws(ActivityFailure) -> [JSONValue] {
        var objects: [JSONValue] = []
        let names = reader.columns.map(\.name)
        do throws(ActivityFailure) {
            while objects.count < wanted {
                try Cancellation.check()
                let rows = try await reader.next(limit: min(1000, wanted - objects.count))
                if rows.isEmpty { break }
                for row in rows { objects.append(.object(JSONObject(zip(names, row).map { ($0.0, $0.1.json) }))) }
            }
        } catch {
            await reader.close()
            throw error
        }
        await reader.close()
        return objects
    }
}
