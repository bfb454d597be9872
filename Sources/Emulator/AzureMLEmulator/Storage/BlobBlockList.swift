import Foundation

/// The body of Put Block List:
///
/// ```xml
/// <?xml version="1.0" encoding="utf-8"?>
/// <BlockList><Latest>AAAA</Latest><Uncommitted>AAAB</Uncommitted></BlockList>
/// ```
///
/// `Latest`, `Uncommitted` and `Committed` each name one block id (base64). The emulator reads the XML
/// with a small scanner: declarations and comments are skipped, entities in ids are decoded.
struct BlobBlockList: Sendable, Equatable {
    enum Source: String, Sendable, Equatable {
        case latest = "Latest"
        case uncommitted = "Uncommitted"
        case committed = "Committed"
    }

    /// Azure's limit on the blocks of one blob.
    static let maximumBlocks = 50_000

    var blocks: [(source: Source, id: String)]

    static func == (lhs: BlobBlockList, rhs: BlobBlockList) -> Bool {
        lhs.blocks.map { "\($0.source.rawValue):\($0.id)" } == rhs.blocks.map { "\($0.source.rawValue):\($0.id)" }
    }

    init(blocks: [(source: Source, id: String)]) {
        self.blocks = blocks
    }

    /// Parses the body; fails with `InvalidXmlDocument` naming the problem.
    init(xml data: Data) throws(StorageError) {
        guard var text = String(data: data, encoding: .utf8) else { throw .invalidXML("the body is not UTF-8") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var scanner = Substring(text)
        func skipMarkup() {
            while true {
                scanner = scanner.drop(while: { $0.isWhitespace })
                if scanner.hasPrefix("<?"), let end = scanner.range(of: "?>") {
                    scanner = scanner[end.upperBound...]
                } else if scanner.hasPrefix("<!--"), let end = scanner.range(of: "-->") {
                    scanner = scanner[end.upperBound...]
                } else {
                    return
                }
            }
        }
        skipMarkup()
        guard scanner.hasPrefix("<BlockList>") else { throw .invalidXML("the root element must be <BlockList>") }
        scanner = scanner.dropFirst("<BlockList>".count)
        var blocks: [(source: Source, id: String)] = []
        while true {
            skipMarkup()
            if scanner.hasPrefix("</BlockList>") {
                scanner = scanner.dropFirst("</BlockList>".count)
                break
            }
            guard scanner.hasPrefix("<"), let close = scanner.firstIndex(of: ">") else {
                throw .invalidXML("expected <Latest>, <Uncommitted>, <Committed> or </BlockList>")
            }
            let name = String(scanner[scanner.index(after: scanner.startIndex)..<close])
            guard let source = Source(rawValue: name) else {
                throw .invalidXML("<\(name.prefix(40))> is not a block list element")
            }
            scanner = scanner[scanner.index(after: close)...]
            guard let end = scanner.range(of: "</\(name)>") else { throw .invalidXML("<\(name)> is never closed") }
            let id = String(scanner[..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
            scanner = scanner[end.upperBound...]
            blocks.append((source, id))
            guard blocks.count <= Self.maximumBlocks else {
                throw .invalidXML("more than \(Self.maximumBlocks) blocks")
            }
        }
        guard scanner.allSatisfy(\.isWhitespace) else { throw .invalidXML("text after </BlockList>") }
        self.blocks = blocks
    }
}
