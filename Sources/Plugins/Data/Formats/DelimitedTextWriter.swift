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
    /// The size of the last batch's text, to reserve the next one's.
    private var lastBatchBytes = 0
    private let nullBytes: [UInt8]
    /// The bytes that may make a value need quotes: the quote, the escape, line breaks and the
    /// delimiters' first bytes. A value without any is written as it is.
    private let needsLook: [Bool]

    init(output: TextSink, settings: DelimitedTextSettings, columns: [Column]) async throws(ActivityFailure) {
        self.output = output
        self.settings = settings
        columnCount = columns.count
        nullBytes = Array(settings.nullValue.utf8)
        var needsLook = [Bool](repeating: false, count: 256)
        for byte in [settings.quoteChar, settings.escapeChar, 0x0A, 0x0D, settings.columnDelimiter.first,
                     settings.writtenRowDelimiter.first].compactMap({ $0 }) {
            needsLook[Int(byte)] = true
        }
        self.needsLook = needsLook
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
        // A local buffer, sized from the last batch: appending to a stored property costs an
        // exclusivity check per row.
        var text: [UInt8] = []
        text.reserveCapacity(lastBatchBytes)
        for row in rows { appendLine(row, to: &text) }
        self.rows += Int64(rows.count)
        lastBatchBytes = text.count
        try await output.append(text)
    }

    func commit() async throws(ActivityFailure) -> WrittenData {
        let bytes = try await output.commit()
        return WrittenData(bytes: bytes, rows: rows, files: 1)
    }

    func abort() async { await output.abort() }

    private func line(_ row: [Cell]) -> [UInt8] {
        var bytes: [UInt8] = []
        appendLine(row, to: &bytes)
        return bytes
    }

    private func appendLine(_ row: [Cell], to bytes: inout [UInt8]) {
        for (index, cell) in row.enumerated() {
            if index > 0 { bytes += settings.columnDelimiter }
            switch cell {
            case .null:
                bytes += nullBytes
            case .string(var text), .decimal(var text), .dateTime(var text):
                text.withUTF8 { appendValue($0, to: &bytes) }
            default:
                guard var text = cell.text else { continue }
                text.withUTF8 { appendValue($0, to: &bytes) }
            }
        }
        bytes += settings.writtenRowDelimiter
    }

    /// Appends a value, quoted and escaped when it needs to be.
    private func appendValue(_ value: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard let quote = settings.quoteChar else {
            bytes.append(contentsOf: value)
            return
        }
        var special = false
        for byte in value where needsLook[Int(byte)] {
            special = true
            break
        }
        let needsQuotes =
            settings.quoteAllText || (special && needsQuoting(Array(value)))
            || (!value.isEmpty && value.elementsEqual(nullBytes))
        guard needsQuotes else {
            bytes.append(contentsOf: value)
            return
        }
        let escape = settings.escapeChar ?? quote
        bytes.append(quote)
        for byte in value {
            if byte == quote || (byte == escape && escape != quote) { bytes.append(escape) }
            bytes.append(byte)
        }
        bytes.append(quote)
    }

    /// Whether a value holding one of the bytes in `needsLook` must be quoted.
    private func needsQuoting(_ value: [UInt8]) -> Bool {
        guard let quote = settings.quoteChar else { return false }
        return value.contains(quote) || value.contains(0x0A) || value.contains(0x0D)
            || settings.escapeChar.map(value.contains) == true
            || contains(value, settings.columnDelimiter) || contains(value, settings.writtenRowDelimiter)
    }

    private func contains(_ value: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard !pattern.isEmpty, value.count >= pattern.count else { return false }
        for start in 0...(value.count - pattern.count) where value[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }
}
