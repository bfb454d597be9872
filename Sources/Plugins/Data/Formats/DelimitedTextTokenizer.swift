import PluginKit

/// Splits delimited text (UTF-8) into records of fields, streaming: it holds a window of the text
/// and the record being read, never the file. Quoting follows ADF: a value that starts with
/// `quoteChar` runs to the next unescaped `quoteChar`; inside it `escapeChar` escapes the quote (a
/// doubled quote when `escapeChar` equals `quoteChar`).
///
/// Scanning is synchronous over the bytes at hand (``scan(into:)``); only ``refill()`` waits for
/// the source, so a reader takes thousands of records per suspension. A field that needs no
/// unescaping becomes a string straight from the window, without an intermediate copy.
final class DelimitedTextTokenizer: @unchecked Sendable {
    // Used by one reader at a time; the reader serialises calls.
    struct Field: Sendable, Equatable {
        var text: String
        var quoted: Bool
    }

    /// What ``scan(into:)`` found.
    enum Scan: Equatable {
        /// A record (its fields are in the array given), with its 1-based number in the file
        /// (header and blank lines included).
        case record(Int64)
        /// The text at hand ends inside a record: call ``refill()`` and scan again.
        case needsMore
        /// The text has ended.
        case end
    }

    /// The longest record the tokenizer accepts, so that a file without row delimiters (or an
    /// unterminated quote) cannot take all memory.
    static let maximumRecordBytes = 64 * 1024 * 1024
    /// The longest record text kept for the incompatible-row log.
    static let maximumLoggedBytes = 4096

    private let source: TextSource
    private let settings: DelimitedTextSettings
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private(set) var recordCount: Int64 = 0
    /// The text of the last record (without its row delimiter), as offsets into `buffer`; valid
    /// until the next ``refill()``.
    private var lastRecord = 0..<0

    init(source: TextSource, settings: DelimitedTextSettings) {
        self.source = source
        self.settings = settings
    }

    /// The last record's text as it stands in the file, cut at 4 KB, for the incompatible-row log.
    var lastRecordText: [UInt8] {
        Array(buffer[lastRecord.lowerBound..<min(lastRecord.upperBound, lastRecord.lowerBound + Self.maximumLoggedBytes)])
    }

    /// The next record; nil at the end of the text. Blank lines are skipped.
    func next(into fields: inout [Field]) async throws(ActivityFailure) -> Int64? {
        while true {
            switch try scan(into: &fields) {
            case .record(let number): return number
            case .end: return nil
            case .needsMore: try await refill()
            }
        }
    }

    /// Reads more text after ``scan(into:)`` asked for it: at least as much again as the unfinished
    /// record holds, so that a long record is scanned a bounded number of times.
    func refill() async throws(ActivityFailure) {
        let pending = buffer.count - position
        guard pending <= Self.maximumRecordBytes else {
            throw ActivityFailure.userError(
                "Row \(recordCount + 1) of '\(source.file)' is longer than 64 MB: check the dataset's rowDelimiter, "
                    + "quoteChar and escapeChar.", code: DataErrorCode.invalidDataset)
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
            lastRecord = 0..<0
        }
        let wanted = max(2 * pending, 1)
        while !atEnd, buffer.count < wanted {
            guard let chunk = try await source.next() else {
                atEnd = true
                break
            }
            buffer += chunk
        }
    }

    /// Scans the next record from the text at hand into `fields`. Blank lines are skipped.
    func scan(into fields: inout [Field]) throws(ActivityFailure) -> Scan {
        while true {
            let found = try buffer.withUnsafeBufferPointer { (text) throws(ActivityFailure) -> Found in
                try scanRecord(text, from: position, final: atEnd, into: &fields)
            }
            switch found {
            case .needsMore: return .needsMore
            case .end: return .end
            case .record(let contentEnd, let end):
                recordCount += 1
                lastRecord = position..<contentEnd
                position = end
                if fields.count == 1, fields[0].text.isEmpty, !fields[0].quoted { continue }
                return .record(recordCount)
            }
        }
    }

    private enum Found {
        case record(contentEnd: Int, end: Int)
        case needsMore
        case end
    }

    /// The length of `pattern` at `index` of `text`: `pattern.count` when it is there, 0 when it is
    /// not, nil when the text at hand ends first and more may come.
    @inline(__always)
    private func match(
        _ pattern: [UInt8], in text: UnsafeBufferPointer<UInt8>, at index: Int, final: Bool
    ) -> Int? {
        let count = pattern.count
        guard index + count <= text.count else {
            // A prefix of the pattern at the end of the text at hand may complete with more text.
            for offset in 0..<(text.count - index) where text[index + offset] != pattern[offset] { return 0 }
            return final ? 0 : nil
        }
        for offset in 0..<count where text[index + offset] != pattern[offset] { return 0 }
        return count
    }

    /// Scans one record starting at `start`. Fields are added to `fields` (emptied first).
    private func scanRecord(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool, into fields: inout [Field]
    ) throws(ActivityFailure) -> Found {
        fields.removeAll(keepingCapacity: true)
        let count = text.count
        guard start < count else { return final ? .end : .needsMore }
        let quote = settings.quoteChar
        let escape = settings.escapeChar
        let columnDelimiter = settings.columnDelimiter
        let firstColumnByte = columnDelimiter[0]
        let anyLineBreak: Bool
        let rowDelimiter: [UInt8]
        switch settings.rowDelimiter {
        case .anyLineBreak: (anyLineBreak, rowDelimiter) = (true, [0x0A])
        case .exact(let delimiter): (anyLineBreak, rowDelimiter) = (false, delimiter)
        }
        let firstRowByte = rowDelimiter[0]
        // -1 stands for no escape character: no byte equals it.
        let escapeByte = escape.map(Int.init) ?? -1
        var index = start
        // Unescaped field bytes, reused from field to field (a local: no exclusivity checks).
        var scratch: [UInt8] = []
        while true {
            // One field: an optional quoted part, then unquoted text up to a delimiter.
            var fieldStart = index
            var quoted = false
            // While false the field is the bytes fieldStart..<quotedEnd (quoted) or fieldStart..<index;
            // once true it is scratch followed by the bytes from segment.
            var unescaped = false
            var quotedEnd = 0
            scratch.removeAll(keepingCapacity: true)
            if let quote, index < count, text[index] == quote {
                quoted = true
                index += 1
                fieldStart = index
                var segment = index
                while true {
                    guard index < count else {
                        if final { throw DataFailure.unterminatedQuote(file: source.file, row: recordCount + 1).failure }
                        return .needsMore
                    }
                    let byte = text[index]
                    if byte == quote {
                        if escape == quote {
                            guard index + 1 < count || final else { return .needsMore }
                            if index + 1 < count, text[index + 1] == quote {
                                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment...index]))
                                unescaped = true
                                index += 2
                                segment = index
                                continue
                            }
                        }
                        if unescaped { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment..<index])) }
                        quotedEnd = index
                        index += 1
                        break
                    }
                    if let escape, escape != quote, byte == escape {
                        guard index + 1 < count else {
                            if final { throw DataFailure.unterminatedQuote(file: source.file, row: recordCount + 1).failure }
                            return .needsMore
                        }
                        let next = text[index + 1]
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment..<index]))
                        if next != quote && next != escape { scratch.append(byte) }
                        scratch.append(next)
                        unescaped = true
                        index += 2
                        segment = index
                        continue
                    }
                    index += 1
                }
            }
            // Unquoted text (a whole field, or what follows a closing quote).
            let tailStart = index
            var segment = index
            var rowDelimiterLength = 0
            var recordEnds = false
            scan: while true {
                guard index < count else {
                    guard final else { return .needsMore }
                    recordEnds = true
                    break scan
                }
                let byte = text[index]
                // Most bytes are none of the delimiters' first bytes, a carriage return or the escape.
                guard byte == firstColumnByte || byte == firstRowByte || byte == 0x0D || Int(byte) == escapeByte else {
                    index += 1
                    continue
                }
                if byte == firstColumnByte {
                    guard let length = match(columnDelimiter, in: text, at: index, final: final) else { return .needsMore }
                    if length > 0 { break scan }
                }
                if anyLineBreak {
                    if byte == 0x0A {
                        rowDelimiterLength = 1
                    } else if byte == 0x0D {
                        guard index + 1 < count || final else { return .needsMore }
                        rowDelimiterLength = index + 1 < count && text[index + 1] == 0x0A ? 2 : 1
                    }
                } else if byte == firstRowByte {
                    guard let length = match(rowDelimiter, in: text, at: index, final: final) else { return .needsMore }
                    rowDelimiterLength = length
                }
                if rowDelimiterLength > 0 {
                    recordEnds = true
                    break scan
                }
                if Int(byte) == escapeByte {
                    if index + 1 < count {
                        // The field so far moves to scratch: its quoted part, then the unquoted text.
                        if !unescaped && quoted {
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[fieldStart..<quotedEnd]))
                        }
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment..<index]))
                        scratch.append(text[index + 1])
                        unescaped = true
                        index += 2
                        segment = index
                        continue
                    }
                    // At the very end of the text the escape character stands for itself.
                    guard final else { return .needsMore }
                }
                index += 1
            }
            if index - start > Self.maximumRecordBytes {
                throw ActivityFailure.userError(
                    "Row \(recordCount + 1) of '\(source.file)' is longer than 64 MB: check the dataset's rowDelimiter, "
                        + "quoteChar and escapeChar.", code: DataErrorCode.invalidDataset)
            }
            // The field's bytes.
            let value: String
            if unescaped {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment..<index]))
                value = try scratch.withUnsafeBufferPointer { (bytes) throws(ActivityFailure) -> String in try string(bytes) }
            } else if quoted {
                if tailStart == index {
                    value = try string(UnsafeBufferPointer(rebasing: text[fieldStart..<quotedEnd]))
                } else {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[fieldStart..<quotedEnd]))
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[tailStart..<index]))
                    value = try scratch.withUnsafeBufferPointer { (bytes) throws(ActivityFailure) -> String in try string(bytes) }
                }
            } else {
                value = try string(UnsafeBufferPointer(rebasing: text[fieldStart..<index]))
            }
            fields.append(Field(text: value, quoted: quoted))
            if recordEnds { return .record(contentEnd: index, end: index + rowDelimiterLength) }
            index += columnDelimiter.count
        }
    }

    /// A field's text, checked to be UTF-8.
    @inline(__always)
    private func string(_ bytes: UnsafeBufferPointer<UInt8>) throws(ActivityFailure) -> String {
        guard let text = UTF8Validation.string(bytes) else {
            throw DataFailure.invalidEncoding(file: source.file, encoding: settings.encoding.name).failure
        }
        return text
    }
}
