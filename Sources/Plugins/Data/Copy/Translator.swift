import PluginKit

/// A Copy's `translator` (`TabularTranslator`): which source column goes to which sink column,
/// by name, JSON path or ordinal, and the type each sink column gets.
struct Translator: Sendable, Equatable {
    struct Mapping: Sendable, Equatable {
        /// The source column's name, or JSON path for JSON sources.
        var sourceName: String?
        var sourcePath: String?
        /// 1-based.
        var sourceOrdinal: Int?
        var sinkName: String
        var sinkType: InterimType?
    }

    var mappings: [Mapping]
    var collectionReference: String?
    var typeConversion: Bool
    var booleanAsNumber: Bool
    var allowDataTruncation: Bool

    /// Reads `typeProperties.translator`; nil when absent.
    init?(_ value: JSONValue?) throws(ActivityFailure) {
        guard let value, !value.isNull else { return nil }
        let reader = try PropertyReader(value, path: "typeProperties.translator")
        var mappings: [Mapping] = []
        for (index, element) in (try reader.array("mappings") ?? []).enumerated() {
            let path = "typeProperties.translator.mappings[\(index)]"
            let mapping = try PropertyReader(element, path: path)
            let source = try mapping.object("source")
            let sink = try mapping.object("sink")
            let sourceName = try source.string("name")
            let sourcePath = try source.string("path")
            let ordinal = try source.integer("ordinal", in: 1...100_000)
            guard sourceName != nil || sourcePath != nil || ordinal != nil else {
                throw ActivityFailure.missingProperty("\(path).source.name")
            }
            let sinkPath = try sink.string("path")
            let sinkName = try sink.string("name") ?? sinkPath.flatMap { JsonPath($0)?.lastName } ?? sourceName
                ?? sourcePath.flatMap { JsonPath($0)?.lastName } ?? "Prop_\((ordinal ?? 1) - 1)"
            var sinkType: InterimType?
            if let typeName = try sink.string("type") {
                guard let type = InterimType(adfName: typeName) else {
                    throw ActivityFailure.invalidProperty(
                        "\(path).sink.type", "'\(typeName)' is not one of ADF's interim types (String, Int32, …)")
                }
                sinkType = type
            }
            mappings.append(
                Mapping(sourceName: sourceName, sourcePath: sourcePath, sourceOrdinal: ordinal, sinkName: sinkName, sinkType: sinkType))
        }
        self.mappings = mappings
        collectionReference = try reader.string("collectionReference").flatMap { $0.isEmpty ? nil : $0 }
        typeConversion = try reader.bool("typeConversion") ?? false
        let settings = try reader.object("typeConversionSettings")
        booleanAsNumber = try settings.bool("treatBooleanAsNumber") ?? false
        allowDataTruncation = try settings.bool("allowDataTruncation") ?? true
    }

    /// The JSON paths a JSON source reads, one per mapping; nil when the mappings go by name only
    /// and there are none.
    var jsonPaths: [String]? {
        guard !mappings.isEmpty else { return nil }
        return mappings.map { $0.sourcePath ?? $0.sourceName.map { "['\($0)']" } ?? "['Prop_\(($0.sourceOrdinal ?? 1) - 1)']" }
    }
}

/// Rows of a source seen through a translator: columns picked and renamed, values converted.
final class MappedRowReader: RowReader, @unchecked Sendable {
    // Calls are serialised by the copy loop.
    let columns: [Column]
    private let inner: any RowReader
    private let indexes: [Int]
    private let types: [InterimType?]
    private let booleanAsNumber: Bool
    private let incompatible: IncompatibleRows
    private let file: String

    /// `jsonSource`: the inner reader's columns are the mappings' paths in order.
    init(
        _ inner: any RowReader, translator: Translator, jsonSource: Bool, incompatible: IncompatibleRows, file: String
    ) throws(ActivityFailure) {
        self.inner = inner
        self.incompatible = incompatible
        self.file = file
        booleanAsNumber = translator.booleanAsNumber
        let names = inner.columns.map(\.name)
        var indexes: [Int] = []
        for (position, mapping) in translator.mappings.enumerated() {
            if jsonSource {
                indexes.append(position)
            } else if let ordinal = mapping.sourceOrdinal {
                guard ordinal <= names.count else {
                    throw DataFailure.mappingColumnNotFound(column: "ordinal \(ordinal)", available: names).failure
                }
                indexes.append(ordinal - 1)
            } else {
                let name = mapping.sourceName ?? mapping.sourcePath ?? ""
                guard let index = names.firstIndex(of: name) ?? names.firstIndex(where: { $0.lowercased() == name.lowercased() })
                else { throw DataFailure.mappingColumnNotFound(column: name, available: names).failure }
                indexes.append(index)
            }
        }
        self.indexes = indexes
        types = translator.mappings.map(\.sinkType)
        columns = translator.mappings.map { Column(name: $0.sinkName, type: $0.sinkType ?? .string) }
    }

    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]] {
        var out: [[Cell]] = []
        while out.isEmpty {
            let rows = try await inner.next(limit: limit)
            if rows.isEmpty { return [] }
            rowLoop: for row in rows {
                var mapped: [Cell] = []
                mapped.reserveCapacity(indexes.count)
                for (position, index) in indexes.enumerated() {
                    let cell = index < row.count ? row[index] : .null
                    guard let type = types[position] else {
                        mapped.append(cell)
                        continue
                    }
                    guard let converted = TypeConversion.convert(cell, to: type, booleanAsNumber: booleanAsNumber) else {
                        let failure = DataFailure.typeConversion(
                            column: columns[position].name, value: cell.text ?? "", type: type.rawValue
                        ).failure
                        try incompatible.skip(
                            IncompatibleRows.Row(
                                file: file, number: -1, text: row.map { $0.text ?? "" }.joined(separator: ","),
                                reason: failure.message),
                            failure: failure)
                        continue rowLoop
                    }
                    mapped.append(converted)
                }
                out.append(mapped)
            }
        }
        return out
    }

    func close() async { await inner.close() }
}
