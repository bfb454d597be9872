import PluginKit

/// Rows of one delimited-text file. Columns come from the header (`firstRowAsHeader`), else
/// from the dataset's `schema` when it has as many columns as the first row, else are named
/// `Prop_0`, `Prop_1`, … as ADF names them. Every cell is a string, or null where the text equals
/// `nullValue` unquoted.
final class DelimitedTextReader: RowReader, @unchecked Sendable {
    // The copy loop calls one method at a time.
    let columns: [Column]
    private let tokenizer: DelimitedTextTokenizer
    private let source: TextSource
    private let settings: DelimitedTextSettings
    private let incompatible: IncompatibleRows
    private var pendingFirst: DelimitedTextTokenizer.Record?
    private(set) var rowsRead: Int64 = 0

    private init(
        columns: [Column], tokenizer: DelimitedTextTokenizer, source: TextSource, settings: DelimitedTextSettings,
        incompatible: IncompatibleRows, pendingFirst: DelimitedTextTokenizer.Record?
    ) {
        self.columns = columns
        self.tokenizer = tokenizer
        self.source = source
        self.settings = settings
        self.incompatible = incompatible
        self.pendingFirst = pendingFirst
    }

    static func open(
        _ source: TextSource, settings: DelimitedTextSettings, schema: [Column]?, incompatible: IncompatibleRows
    ) async throws(ActivityFailure) -> DelimitedTextReader {
        let tokenizer = DelimitedTextTokenizer(source: source, settings: settings)
        do throws(ActivityFailure) {
            for _ in 0..<settings.skipLineCount {
                guard try await tokenizer.next() != nil else { break }
            }
            var columns: [Column] = []
            var first: DelimitedTextTokenizer.Record?
            if settings.firstRowAsHeader {
                if let header = try await tokenizer.next() {
                    for (index, field) in header.fields.enumerated() {
                        let name = try text(field.bytes, file: source.file, encoding: settings.encoding)
                        guard !name.isEmpty else { throw DataFailure.emptyColumnName(file: source.file, index: index).failure }
                        columns.append(Column(name: name))
                    }
                }
            } else {
                first = try await tokenizer.next()
                let count = first?.fields.count ?? schema?.count ?? 0
                if let schema, schema.count == count {
                    columns = schema.map { Column(name: $0.name) }
                } else {
                    columns = (0..<count).map { Column(name: "Prop_\($0)") }
                }
            }
            return DelimitedTextReader(
                columns: columns, tokenizer: tokenizer, source: source, settings: settings, incompatible: incompatible,
                pendingFirst: first)
        } catch {
            await source.close()
            throw error
        }
    }

    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]] {
        var rows: [[Cell]] = []
        while rows.count < max(1, limit) {
            let record: DelimitedTextTokenizer.Record
            if let first = pendingFirst {
                record = first
                pendingFirst = nil
            } else if let next = try await tokenizer.next() {
                record = next
            } else {
                break
            }
            rowsRead += 1
            guard record.fields.count == columns.count else {
                let failure = DataFailure.columnCount(
                    file: source.file, row: record.number, found: record.fields.count, expected: columns.count
                ).failure
                try incompatible.skip(
                    IncompatibleRows.Row(
                        file: source.file, number: record.number, text: String(decoding: record.text, as: UTF8.self),
                        reason: failure.message),
                    failure: failure)
                continue
            }
            var row: [Cell] = []
            row.reserveCapacity(columns.count)
            for field in record.fields {
                let value = try Self.text(field.bytes, file: source.file, encoding: settings.encoding)
                row.append(!field.quoted && value == settings.nullValue ? .null : .string(value))
            }
            rows.append(row)
        }
        return rows
    }

    func close() async { await source.close() }

    private static func text(_ bytes: [UInt8], file: String, encoding: TextEncoding) throws(ActivityFailure) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataFailure.invalidEncoding(file: file, encoding: encoding.name).failure
        }
        return text
    }
}
