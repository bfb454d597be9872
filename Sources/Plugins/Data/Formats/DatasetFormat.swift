import PluginKit

/// The format of a file dataset, from its `type`: how its files' bytes become rows and back.
enum DatasetFormat: Sendable, Equatable {
    case delimitedText(DelimitedTextSettings)
    case json(JsonSettings)
    /// Columnar files (Formats/Parquet/); each column chunk names its own page codec.
    case parquet(ParquetSettings)
    /// Bytes as they are; with a codec the files are (de)compressed on the way.
    case binary(CompressionSettings)

    /// The format of `dataset` with the activity's `formatSettings` (source or sink side).
    init(dataset: Invocation.Dataset, formatSettings: JSONValue?, formatSettingsPath: String) throws(ActivityFailure) {
        switch dataset.type.lowercased() {
        case "delimitedtext":
            self = .delimitedText(
                try DelimitedTextSettings(
                    dataset: dataset, formatSettings: formatSettings, formatSettingsPath: formatSettingsPath))
        case "json":
            self = .json(
                try JsonSettings(dataset: dataset, formatSettings: formatSettings, formatSettingsPath: formatSettingsPath))
        case "parquet":
            self = .parquet(try ParquetSettings(dataset: dataset))
        case "restresource":
            // A REST resource's pages are JSON values (RestPageSource), read as setOfObjects.
            self = .json(
                try JsonSettings(dataset: dataset, formatSettings: formatSettings, formatSettingsPath: formatSettingsPath))
        case "binary":
            let reader = try PropertyReader(dataset.typeProperties, path: "dataset '\(dataset.name)' typeProperties")
            self = .binary(try CompressionSettings(reader))
        default:
            throw DataFailure.invalidDataset(
                path: "dataset '\(dataset.name)' type",
                problem: "pipehost reads and writes files as DelimitedText, Json, Parquet and Binary datasets; "
                    + "'\(dataset.type)' is not one of them").failure
        }
    }

    var isBinary: Bool {
        if case .binary = self { return true }
        return false
    }

    var compression: CompressionSettings {
        switch self {
        case .delimitedText(let settings): settings.compression
        case .json(let settings): settings.compression
        // Parquet compresses pages inside the file, never the file's bytes.
        case .parquet: .none
        case .binary(let compression): compression
        }
    }

    /// The dataset's `schema` as columns (names and types), nil when it has none.
    static func schemaColumns(_ dataset: Invocation.Dataset) -> [Column]? {
        guard case .array(let elements)? = dataset.schema, !elements.isEmpty else { return nil }
        return elements.compactMap { element in
            guard let name = element["name"]?.stringValue else { return nil }
            let type = element["type"]?.stringValue.flatMap(InterimType.init(adfName:)) ?? .string
            return Column(name: name, type: type)
        }
    }

    /// Opens a reader of rows over `bytes` (a file called `file`).
    func openRows(
        _ bytes: any ByteSource, file: String, dataset: Invocation.Dataset, incompatible: IncompatibleRows,
        mappedPaths: [String]? = nil, collectionReference: String? = nil
    ) async throws(ActivityFailure) -> any RowReader {
        switch self {
        case .delimitedText(let settings):
            let text = try await Self.text(bytes, file: file, encoding: settings.encoding, compression: settings.compression)
            return try await DelimitedTextReader.open(
                text, settings: settings, schema: Self.schemaColumns(dataset), incompatible: incompatible)
        case .json(let settings):
            let text = try await Self.text(bytes, file: file, encoding: settings.encoding, compression: settings.compression)
            return try await JsonRowReader.open(text, mappedPaths: mappedPaths, collectionReference: collectionReference)
        case .parquet:
            return try await ParquetRowReader.open(bytes, file: file)
        case .binary:
            await bytes.close()
            throw DataFailure.invalidDataset(
                path: "dataset '\(dataset.name)'",
                problem: "a Binary dataset has no rows; copy it to another Binary dataset, or use DelimitedText, Json or Parquet"
            ).failure
        }
    }

    /// The text of `bytes`; closes them when the decoder cannot be set up.
    private static func text(
        _ bytes: any ByteSource, file: String, encoding: TextEncoding, compression: CompressionSettings
    ) async throws(ActivityFailure) -> TextSource {
        do throws(ActivityFailure) {
            return try TextSource(bytes: bytes, file: file, encoding: encoding, compression: compression)
        } catch {
            await bytes.close()
            throw error
        }
    }

    /// Opens a writer of rows with `columns` into `sink` (a file called `file`).
    func openWriter(_ sink: any ByteSink, file: String, columns: [Column], dataset: Invocation.Dataset)
        async throws(ActivityFailure) -> any RowWriter
    {
        // Whatever fails here, the sink is discarded.
        do throws(ActivityFailure) {
            switch self {
            case .delimitedText(let settings):
                let text = try TextSink(sink: sink, file: file, encoding: settings.encoding, compression: settings.compression)
                return try await DelimitedTextWriter(output: text, settings: settings, columns: columns)
            case .json(let settings):
                let text = try TextSink(sink: sink, file: file, encoding: settings.encoding, compression: settings.compression)
                return JsonWriter(output: text, settings: settings, columns: columns)
            case .parquet(let settings):
                return try await ParquetRowWriter.open(sink: sink, file: file, columns: columns, settings: settings)
            case .binary:
                throw DataFailure.invalidDataset(
                    path: "dataset '\(dataset.name)'",
                    problem: "a Binary sink takes only a Binary source; use DelimitedText, Json or Parquet for rows"
                ).failure
            }
        } catch {
            await sink.abort()
            throw error
        }
    }
}
