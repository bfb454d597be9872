import PluginKit

/// Writes rows as delimited text: a header when `firstRowAsHeader`, values quoted when they hold
/// a delimiter, the quote or a line break (every value with `quoteAllText`), the quote escaped
/// with `escapeChar`, nulls as `nullValue`.
final class DelimitedTextWriter: RowWriter, @unchecked Sendable {
    // The copy loop calls one method at a time.
    private let output: TextSink
    private let settings: DelimitedTextSettings
    private let columnCount: Int
    private var rows: Int64 = 0

    init(output: TextSink, settings: DelimitedTextSettings, columns: [Column]) async throws(ActivityFailure) {
        self.output = output
        self.settings = settings
        columnCount = columns.count
        if settings.firstRowAsHeader {
            do throws(ActivityFailure) {
                try await output.append(line(columns.map { Cell.string($0.name) }))
            } catch {
                await output.abort()
                throw error
            }
        }
    }

    func write(_ rows: [[Cell]]) async throws(ActivityFailure) {
        var text: [UInt8] = []
        for row in rows {
            text += line(row)
            self.rows += 1
        }
        try await output.append(text)
    }

    func commit() async throws(ActivityFailure) -> WrittenData {
        let bytes = try await output.commit()
        return WrittenData(bytes: bytes, rows: rows, files: 1)
    }

    func abort() async { await output.abort() }

    private func line(_ row: [Cell]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, cell) in row.enumerated() {
            if index > 0 { bytes += settings.columnDelimiter }
            guard let text = cell.text else {
                bytes += Array(settings.nullValue.utf8)
                continue
            }
            bytes += quoted(Array(text.utf8))
        }
        bytes += settings.writtenRowDelimiter
        return bytes
    }

    private func quoted(_ value: [UInt8]) -> [UInt8] {
        guard let quote = settings.quoteChar else { return value }
        let needsQuotes =
            settings.quoteAllText || value.contains(quote) || value.contains(0x0A) || value.contains(0x0D)
            || settings.escapeChar.map(value.contains) == true
            || contains(value, settings.columnDelimiter) || contains(value, settings.writtenRowDelimiter)
            || (!value.isEmpty && String(decoding: value, as: UTF8.self) == settings.nullValue)
        guard needsQuotes else { return value }
        let escape = settings.escapeChar ?? quote
        var out: [UInt8] = [quote]
        for byte in value {
            if byte == quote || (byte == escape && escape != quote) { out.append(escape) }
            out.append(byte)
        }
        out.append(quote)
        return out
    }

    private func contains(_ value: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard !pattern.isEmpty, value.count >= pattern.count else { return false }
        for start in 0...(value.count - pattern.count) where value[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }
}
