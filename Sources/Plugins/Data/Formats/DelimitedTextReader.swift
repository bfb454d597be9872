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
    /// A record read ahead: its fields, number and text as written.
    private typealias ReadRecord = (fields: [DelimitedTextTokenizer.Field], number: Int64, text: [UInt8])
    /// The first record when it was read to count the columns.
    private var pendingFirst: ReadRecord?
    /// The fields of the record being read, reused from record to record.
    private var fields: [DelimitedTextTokenizer.Field] = []
    private(set) var rowsRead: Int64 = 0

    private init(
        columns: [Column], tokenizer: DelimitedTextTokenizer, source: TextSource, settings: DelimitedTextSettings,
        incompatible: IncompatibleRows, pendingFirst: ReadRecord?
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
            var fields: [DelimitedTextTokenizer.Field] = []
            for _ in 0..<settings.skipLineCount {
                guard try await tokenizer.next(into: &fields) != nil else { break }
            }
            var columns: [Column] = []
            var first: ReadRecord?
            if settings.firstRowAsHeader {
                if try await tokenizer.next(into: &fields) != nil {
                    for (index, field) in fields.enumerated() {
                        guard !field.text.isEmpty else {
                            throw DataFailure.emptyColumnName(file: source.file, index: index).failure
                        }
                        columns.append(Column(name: field.text))
                    }
                }
            } else {
                if let number = try await tokenizer.next(into: &fields) {
                    first = (fields, number, tokenizer.lastRecordText)
                }
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
        rows.reserveCapacity(max(1, limit))
        let nullValue = settings.nullValue
        // The reused fields array, held in a local while reading: a stored property passed inout
        // costs an exclusivity check per record.
        var fields: [DelimitedTextTokenizer.Field] = []
        swap(&fields, &self.fields)
        defer { swap(&fields, &self.fields) }
        while rows.count < max(1, limit) {
            let number: Int64
            if let first = pendingFirst {
                fields = first.fields
                number = first.number
            } else {
                // Scanning is synchronous; the reader waits only when the text at hand runs out.
                switch try tokenizer.scan(into: &fields) {
                case .record(let found): number = found
                case .end: return rows
                case .needsMore:
                    try await tokenizer.refill()
                    continue
                }
            }
            rowsRead += 1
            guard fields.count == columns.count else {
                let text = pendingFirst?.text ?? tokenizer.lastRecordText
                pendingFirst = nil
                let failure = DataFailure.columnCount(
                    file: source.file, row: number, found: fields.count, expected: columns.count
                ).failure
                try incompatible.skip(
                    IncompatibleRows.Row(
                        file: source.file, number: number, text: String(decoding: text, as: UTF8.self),
                        reason: failure.message),
                    failure: failure)
                continue
            }
            pendingFirst = nil
            var row: [Cell] = []
            row.reserveCapacity(fields.count)
            for field in fields {
                row.append(!field.quoted && field.text == nullValue ? .null : .string(field.text))
            }
            rows.append(row)
        }
        return rows
    }

    func close() async { await source.close() }
}
