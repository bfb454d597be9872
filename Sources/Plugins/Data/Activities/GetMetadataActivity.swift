import PluginKit

/// ADF's Get Metadata: the `fieldList` facts of a dataset's file, folder or table.
/// A missing file or folder fails, unless `exists` is asked for: then the output is
/// `{"exists": false}`.
struct GetMetadataActivity {
    static let fields = [
        "exists", "itemName", "itemType", "size", "created", "lastModified", "childItems", "contentMD5", "structure",
        "columnCount",
    ]

    let plugin: DataPlugin
    let call: ActivityCall<JSONValue>

    func run() async throws(ActivityFailure) -> JSONValue {
        let properties = try PropertyReader(call.input, path: "typeProperties")
        let dataset = try DatasetReference.resolve(properties, invocation: call.invocation)
        var fields: [String] = []
        for (index, element) in (try properties.array("fieldList") ?? []).enumerated() {
            guard let name = element.stringValue else {
                throw ActivityFailure.wrongPropertyType("typeProperties.fieldList[\(index)]", "expected a string")
            }
            guard let known = Self.fields.first(where: { $0.lowercased() == name.lowercased() }) else {
                throw ActivityFailure.invalidProperty(
                    "typeProperties.fieldList[\(index)]",
                    "'\(name)' is not one of " + Self.fields.joined(separator: ", "))
            }
            fields.append(known)
        }
        var output = JSONObject()
        switch try DatasetStore.resolve(dataset, tableStores: plugin.tableStores, clients: plugin.http) {
        case .table(let tables):
            let reader: any RowReader
            do throws(ActivityFailure) {
                reader = try await tables.reader(dataset: dataset, source: .object(JSONObject()))
            } catch {
                if fields.contains("exists") { return ["exists": false] }
                throw error
            }
            let columns = reader.columns
            await reader.close()
            for field in fields {
                switch field {
                case "exists": output[field] = true
                case "structure": output[field] = Self.structure(columns)
                case "columnCount": output[field] = .integer(Int64(columns.count))
                case "itemName": output[field] = .string(dataset.name)
                default: break
                }
            }
        case .files(let store):
            let location = try DatasetLocation(dataset: dataset)
            guard let item = try await store.item(at: location.path) else {
                if fields.contains("exists") { return ["exists": false] }
                throw DataFailure.fileNotFound(store: store.description, path: location.path).failure
            }
            for field in fields {
                switch field {
                case "exists": output[field] = true
                case "itemName": output[field] = .string(item.name)
                case "itemType": output[field] = .string(item.isFolder ? "Folder" : "File")
                case "size" where !item.isFolder: output[field] = .integer(item.size)
                case "created", "lastModified":
                    if let date = item.lastModified { output[field] = .string(ISODates.seconds(date)) }
                case "childItems" where item.isFolder:
                    let children = try await store.list(folder: item.path, recursive: false)
                    output[field] = .array(
                        children.map { ["name": .string($0.name), "type": .string($0.isFolder ? "Folder" : "File")] })
                case "contentMD5" where !item.isFolder:
                    if let md5 = item.contentMD5 {
                        output[field] = .string(md5)
                    } else if let local = store as? LocalFileStore {
                        output[field] = .string(try await local.contentMD5(item.path))
                    }
                case "structure", "columnCount":
                    guard !item.isFolder, output["structure"] == nil || field == "columnCount" else { continue }
                    let columns = try await Self.columns(of: item, in: store, dataset: dataset, properties: properties)
                    if field == "structure" { output[field] = Self.structure(columns) }
                    else { output[field] = .integer(Int64(columns.count)) }
                default: break
                }
            }
        }
        return .object(output)
    }

    static func structure(_ columns: [Column]) -> JSONValue {
        .array(columns.map { ["name": .string($0.name), "type": .string($0.type.rawValue)] })
    }

    /// The columns of a file: its header or first row (DelimitedText), its first object (Json).
    private static func columns(
        of item: FileItem, in store: any FileStore, dataset: Invocation.Dataset, properties: PropertyReader
    ) async throws(ActivityFailure) -> [Column] {
        let format = try DatasetFormat(
            dataset: dataset, formatSettings: properties.value("formatSettings"),
            formatSettingsPath: "typeProperties.formatSettings")
        guard !format.isBinary else { return [] }
        let bytes = try await store.open(item.path)
        let reader = try await format.openRows(
            bytes, file: item.path, dataset: dataset, incompatible: IncompatibleRows(skipping: true))
        let columns = reader.columns
        await reader.close()
        return columns
    }
}
