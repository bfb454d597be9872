import PluginKit

/// Rows of a JSON file: one per object, or with `collectionReference` one per element of the
/// array at that path in each object. Columns are the mapping's source paths when the copy has
/// a translator, else the first object's top-level members. Scalars keep their JSON kind;
/// objects and arrays become their JSON text.
final class JsonRowReader: RowReader, @unchecked Sendable {
    // The copy loop calls one method at a time.
    struct ColumnSource: Sendable, Equatable {
        var column: Column
        var path: JsonPath
    }

    let columns: [Column]
    private let objects: JsonObjectReader
    private let sources: [ColumnSource]
    private let collection: JsonPath?
    private var pending: [JSONValue] = []
    private var pendingRows: [[Cell]] = []

    private init(objects: JsonObjectReader, sources: [ColumnSource], collection: JsonPath?, pending: [JSONValue]) {
        self.objects = objects
        self.sources = sources
        self.collection = collection
        self.pending = pending
        columns = sources.map(\.column)
    }

    /// Opens the reader; `mappedPaths` are the translator's source paths (nil without a translator).
    static func open(
        _ source: TextSource, mappedPaths: [String]?, collectionReference: String?
    ) async throws(ActivityFailure) -> JsonRowReader {
        let objects = JsonObjectReader(source: source)
        do throws(ActivityFailure) {
            let collection = try collectionReference.map { text throws(ActivityFailure) -> JsonPath in
                guard let path = JsonPath(text) else {
                    throw ActivityFailure.invalidProperty(
                        "typeProperties.translator.collectionReference", "'\(text)' is not a JSON path like $['items']")
                }
                return path
            }
            var pending: [JSONValue] = []
            var sources: [ColumnSource] = []
            if let mappedPaths {
                for text in mappedPaths {
                    guard let path = JsonPath(text) else {
                        throw ActivityFailure.invalidProperty(
                            "typeProperties.translator.mappings", "'\(text)' is not a JSON path like $['name']")
                    }
                    sources.append(ColumnSource(column: Column(name: text), path: path))
                }
            } else if let first = try await objects.next() {
                pending = [first]
                var sample = first
                if let collection, case .array(let elements)? = collection.value(in: first), let element = elements.first {
                    sample = element
                }
                for key in sample.objectValue?.keys ?? [] {
                    sources.append(ColumnSource(column: Column(name: key), path: JsonPath(steps: [.key(key)], isAbsolute: false)))
                }
            }
            return JsonRowReader(objects: objects, sources: sources, collection: collection, pending: pending)
        } catch {
            await source.close()
            throw error
        }
    }

    /// The next whole object (for JSON-to-JSON copies and Lookup); nil at the end.
    func nextObject() async throws(ActivityFailure) -> JSONValue? {
        if !pending.isEmpty { return pending.removeFirst() }
        return try await objects.next()
    }

    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]] {
        while pendingRows.count < max(1, limit) {
            guard let object = try await nextObject() else { break }
            guard case .object = object else {
                throw DataFailure.malformedJson(
                    file: objects.source.file, reason: "value \(objects.count) is \(object.typeName.lowercased()), not an object"
                ).failure
            }
            if let collection {
                guard case .array(let elements)? = collection.value(in: object) else { continue }
                for element in elements { pendingRows.append(row(element: element, document: object)) }
            } else {
                pendingRows.append(row(element: object, document: object))
            }
        }
        let count = min(max(1, limit), pendingRows.count)
        let rows = Array(pendingRows.prefix(count))
        pendingRows.removeFirst(count)
        return rows
    }

    private func row(element: JSONValue, document: JSONValue) -> [Cell] {
        sources.map { source in
            let value = source.path.value(in: source.path.isAbsolute ? document : element)
            return Self.cell(value ?? .null)
        }
    }

    static func cell(_ value: JSONValue) -> Cell {
        switch value {
        case .null: .null
        case .bool(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array, .object: .string(JSONSerializer.serialize(value))
        }
    }

    func close() async { await objects.source.close() }
}
