import Foundation

/// What a failed job's driver log says went wrong: the last error lines of its end (a Python
/// traceback's last line, a JVM's `Exception in thread "main" …`, Hive's `Error in query: …`).
enum DriverLog {
    /// The bytes of the log's end that are read.
    static let tailBytes = 256 << 10
    /// The longest message taken from a log.
    static let messageLimit = 2_000

    /// The last lines of the log at `path` (up to `tailBytes` of its end).
    static func tail(_ path: String) -> [Substring] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(tailBytes) ? size - UInt64(tailBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// The error the log ends with, in a few lines; nil when it names none.
    static func error(in lines: [Substring]) -> String? {
        var found: [String] = []
        for line in lines.reversed() where found.count < 3 {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard isErrorLine(line, trimmed: trimmed), !found.contains(trimmed) else { continue }
            found.append(trimmed)
        }
        guard !found.isEmpty else { return nil }
        let message = found.reversed().joined(separator: " | ")
        return message.count > messageLimit ? String(message.prefix(messageLimit)) + "…" : message
    }

    private static func isErrorLine(_ line: Substring, trimmed: String) -> Bool {
        if line.first == " " || line.first == "\t" { return false }  // stack frames and indented context
        if trimmed.hasPrefix("at ") || trimmed.hasPrefix("...") || trimmed.hasPrefix("File \"") { return false }
        if trimmed.contains("Exception in thread") || trimmed.hasPrefix("Error in query:")
            || trimmed.hasPrefix("Caused by:") || trimmed.hasPrefix("FAILED:")
        {
            return true
        }
        // A log4j line of level ERROR, or a Python/Java `SomethingError: message` line.
        if trimmed.contains(" ERROR ") { return true }
        guard let colon = trimmed.firstIndex(of: ":") else { return false }
        let head = trimmed[..<colon]
        return !head.contains(" ") && (head.hasSuffix("Error") || head.hasSuffix("Exception") || head.hasSuffix("Exit"))
    }
}
