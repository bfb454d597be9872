import PluginKit

/// A `DelimitedText` dataset's format settings, with the source's `formatSettings`
/// (`skipLineCount`) and the sink's (`quoteAllText`, `fileExtension`).
struct DelimitedTextSettings: Sendable, Equatable {
    enum RowDelimiter: Sendable, Equatable {
        /// Reading without a `rowDelimiter`: `\r\n`, `\n` or `\r` each end a row.
        case anyLineBreak
        case exact([UInt8])
    }

    var columnDelimiter: [UInt8]
    var rowDelimiter: RowDelimiter
    /// The delimiter a sink writes (`\r\n` unless the dataset sets one).
    var writtenRowDelimiter: [UInt8]
    /// nil when `quoteChar` is empty: no quoting at all.
    var quoteChar: UInt8?
    /// nil when `escapeChar` is empty.
    var escapeChar: UInt8?
    var firstRowAsHeader: Bool
    var nullValue: String
    var encoding: TextEncoding
    var compression: CompressionSettings
    var skipLineCount: Int
    var quoteAllText: Bool

    /// Reads `dataset`'s typeProperties and the activity's `formatSettings` (either may be absent).
    init(dataset: Invocation.Dataset, formatSettings: JSONValue?, formatSettingsPath: String) throws(ActivityFailure) {
        let reader = try PropertyReader(dataset.typeProperties, path: "dataset '\(dataset.name)' typeProperties")
        columnDelimiter = try Self.delimiter(reader, "columnDelimiter", default: ",", allowEmpty: false)
        if let row = try reader.string("rowDelimiter"), !row.isEmpty {
            let bytes = Array(Self.unescape(row).utf8)
            rowDelimiter = .exact(bytes)
            writtenRowDelimiter = bytes
        } else {
            rowDelimiter = .anyLineBreak
            writtenRowDelimiter = Array("\r\n".utf8)
        }
        quoteChar = try Self.singleCharacter(reader, "quoteChar", default: "\"")
        escapeChar = try Self.singleCharacter(reader, "escapeChar", default: "\\")
        firstRowAsHeader = try reader.bool("firstRowAsHeader") ?? false
        nullValue = try reader.string("nullValue") ?? ""
        encoding = try TextEncoding(name: reader.string("encodingName"), path: reader.member("encodingName"))
        compression = try CompressionSettings(reader)
        let format = try PropertyReader(formatSettings, path: formatSettingsPath)
        skipLineCount = try format.integer("skipLineCount", in: 0...1_000_000) ?? 0
        quoteAllText = try format.bool("quoteAllText") ?? false
        if case .exact(let row) = rowDelimiter, row == columnDelimiter {
            throw ActivityFailure.invalidProperty(reader.member("rowDelimiter"), "it equals the column delimiter")
        }
    }

    /// `\t`, `\n`, `\r` written as two characters mean the control character, as the ADF UI offers them.
    static func unescape(_ text: String) -> String {
        switch text {
        case "\\t": "\t"
        case "\\n": "\n"
        case "\\r\\n": "\r\n"
        case "\\r": "\r"
        default: text
        }
    }

    private static func delimiter(
        _ reader: PropertyReader, _ key: String, default value: String, allowEmpty: Bool
    ) throws(ActivityFailure) -> [UInt8] {
        let text = unescape(try reader.string(key) ?? value)
        guard allowEmpty || !text.isEmpty else {
            throw ActivityFailure.invalidProperty(reader.member(key), "the delimiter cannot be empty")
        }
        return Array(text.utf8)
    }

    private static func singleCharacter(
        _ reader: PropertyReader, _ key: String, default value: String
    ) throws(ActivityFailure) -> UInt8? {
        let text = try reader.string(key) ?? value
        if text.isEmpty { return nil }
        guard text.utf8.count == 1, let byte = text.utf8.first else {
            throw ActivityFailure.invalidProperty(reader.member(key), "expected one ASCII character or an empty string")
        }
        return byte
    }
}
