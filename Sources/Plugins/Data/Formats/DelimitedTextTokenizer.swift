import PluginKit

/// Splits delimited text (UTF-8) into records of fields, streaming: it holds one chunk and the
/// record being read, never the file. Quoting follows ADF: a value that starts with `quoteChar`
/// runs to the next unescaped `quoteChar`; inside it `escapeChar` escapes the quote (a doubled
/// quote when `escapeChar` equals `quoteChar`).
final class DelimitedTextTokenizer: @unchecked Sendable {
    // Used by one reader at a time; the reader serialises calls.
    struct Field: Sendable {
        var bytes: [UInt8]
        var quoted: Bool
    }

    struct Record: Sendable {
        var fields: [Field]
        /// 1-based number of the record in the file (header and skipped lines included).
        var number: Int64
        /// The record's text, for the incompatible-row log (cut at 4 KB).
        var text: [UInt8]
    }

    /// The longest record the tokenizer accepts, so that a file without row delimiters (or an
    /// unterminated quote) cannot take all memory.
    static let maximumRecordBytes = 64 * 1024 * 1024

    private let source: TextSource
    private let settings: DelimitedTextSettings
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private(set) var recordCount: Int64 = 0

    init(source: TextSource, settings: DelimitedTextSettings) {
        self.source = source
        self.settings = settings
    }

    /// Makes `count` bytes from `position` available; false when the text ends first.
    private func ensure(_ count: Int) async throws(ActivityFailure) -> Bool {
        while buffer.count - position < count {
            if atEnd { return false }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            guard let chunk = try await source.next() else {
                atEnd = true
                return buffer.count - position >= count
            }
            buffer += chunk
        }
        return true
    }

    private func matches(_ pattern: [UInt8]) async throws(ActivityFailure) -> Bool {
        guard !pattern.isEmpty, try await ensure(pattern.count) else { return false }
        for (offset, byte) in pattern.enumerated() where buffer[position + offset] != byte { return false }
        return true
    }

    /// The length of the row delimiter at the current position, 0 when there is none.
    private func rowDelimiterLength() async throws(ActivityFailure) -> Int {
        switch settings.rowDelimiter {
        case .exact(let delimiter):
            return try await matches(delimiter) ? delimiter.count : 0
        case .anyLineBreak:
            let byte = buffer[position]
            if byte == 0x0A { return 1 }
            if byte == 0x0D { return try await ensure(2) && buffer[position + 1] == 0x0A ? 2 : 1 }
            return 0
        }
    }

    /// The next record; nil at the end of the text. Blank lines are skipped.
    func next() async throws(ActivityFailure) -> Record? {
        while true {
            guard try await ensure(1) else { return nil }
            recordCount += 1
            let number = recordCount
            var fields: [Field] = []
            var field = Field(bytes: [], quoted: false)
            var text: [UInt8] = []
            var inQuotes = false
            var atFieldStart = true
            var size = 0
            func take(_ byte: UInt8) {
                field.bytes.append(byte)
                if text.count < 4096 { text.append(byte) }
            }
            while true {
                guard try await ensure(1) else {
                    if inQuotes { throw DataFailure.unterminatedQuote(file: source.file, row: number).failure }
                    fields.append(field)
                    return Record(fields: fields, number: number, text: text)
                }
                size += 1
                if size > Self.maximumRecordBytes {
                    throw ActivityFailure.userError(
                        "Row \(number) of '\(source.file)' is longer than 64 MB: check the dataset's rowDelimiter, "
                            + "quoteChar and escapeChar.", code: DataErrorCode.invalidDataset)
                }
                let byte = buffer[position]
                if inQuotes {
                    if let escape = settings.escapeChar, escape != settings.quoteChar, byte == escape {
                        if try await ensure(2) {
                            let next = buffer[position + 1]
                            if next != settings.quoteChar && next != escape { take(byte) }
                            take(next)
                            position += 2
                        } else {
                            take(byte)
                            position += 1
                        }
                        continue
                    }
                    if byte == settings.quoteChar {
                        if settings.escapeChar == settings.quoteChar, try await ensure(2), buffer[position + 1] == byte {
                            take(byte)
                            position += 2
                            continue
                        }
                        inQuotes = false
                        if text.count < 4096 { text.append(byte) }
                        position += 1
                        continue
                    }
                    take(byte)
                    position += 1
                    continue
                }
                if atFieldStart, let quote = settings.quoteChar, byte == quote {
                    inQuotes = true
                    field.quoted = true
                    atFieldStart = false
                    if text.count < 4096 { text.append(byte) }
                    position += 1
                    continue
                }
                if try await matches(settings.columnDelimiter) {
                    fields.append(field)
                    field = Field(bytes: [], quoted: false)
                    atFieldStart = true
                    if text.count < 4096 { text += settings.columnDelimiter }
                    position += settings.columnDelimiter.count
                    continue
                }
                let rowLength = try await rowDelimiterLength()
                if rowLength > 0 {
                    position += rowLength
                    fields.append(field)
                    break
                }
                if let escape = settings.escapeChar, byte == escape, try await ensure(2) {
                    take(buffer[position + 1])
                    position += 2
                    atFieldStart = false
                    continue
                }
                take(byte)
                atFieldStart = false
                position += 1
            }
            if fields.count == 1, fields[0].bytes.isEmpty, !fields[0].quoted { continue }
            return Record(fields: fields, number: number, text: text)
        }
    }
}
