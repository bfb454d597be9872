/// A non-validating XML 1.0 reader: elements, attributes, namespaces, text with the predefined and
/// numeric entities, CDATA, comments, processing instructions and the XML declaration; a DOCTYPE
/// is skipped. Text that is only white space between elements is dropped, as .NET's `XmlDocument`
/// does when it does not preserve white space.
struct XMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var document = XMLDocument()
    private static let maximumDepth = 512

    static func parse(_ text: String) throws(XMLError) -> XMLDocument {
        var parser = XMLParser(bytes: Array(text.utf8))
        try parser.parseDocument()
        return parser.document
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    private func error(_ message: String) -> XMLError {
        var line = 1
        var column = 1
        for position in 0..<min(index, bytes.count) {
            if bytes[position] == 0x0A {
                line += 1
                column = 1
            } else if bytes[position] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return XMLError(message: message, line: line, column: column)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private mutating func skipWhitespace() {
        while let byte = current, isWhitespace(byte) { index += 1 }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private mutating func parseDocument() throws(XMLError) {
        var sawRoot = false
        while true {
            skipWhitespace()
            guard current != nil else { break }
            if starts(with: "<?") {
                try parseProcessingInstruction(
                    parent: XMLDocument.root, atStart: !sawRoot && document[0].children.isEmpty)
            } else if starts(with: "<!--") {
                try parseComment(parent: XMLDocument.root)
            } else if starts(with: "<!DOCTYPE") {
                guard !sawRoot else { throw error("a DOCTYPE must come before the root element") }
                try parseDoctype()
            } else if current == UInt8(ascii: "<") {
                guard !sawRoot else { throw error("there are multiple root elements; an XML document has exactly one") }
                try parseElement(parent: XMLDocument.root, depth: 0)
                sawRoot = true
            } else {
                throw error("Data at the root level is invalid")
            }
        }
        guard sawRoot else { throw error("the XML has no root element") }
    }

    private mutating func parseName() throws(XMLError) -> String {
        let start = index
        while let byte = current, !isWhitespace(byte), !"=/>?<\"'!".utf8.contains(byte) { index += 1 }
        guard index > start else { throw error("a name was expected") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseElement(parent: Int, depth: Int) throws(XMLError) {
        guard depth < Self.maximumDepth else { throw error("the XML is nested too deeply") }
        index += 1  // <
        let name = try parseName()
        let element = document.append(XMLDocument.Node(kind: .element, name: name), to: parent)
        var pendingAttributes: [(String, String)] = []
        while true {
            skipWhitespace()
            guard let byte = current else { throw error("the start tag of '\(name)' is not closed") }
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
            let attributeName = try parseName()
            skipWhitespace()
            guard current == UInt8(ascii: "=") else {
                throw error("'=' expected after the attribute '\(attributeName)'")
            }
            index += 1
            skipWhitespace()
            guard let quote = current, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw error("the value of the attribute '\(attributeName)' must be quoted")
            }
            index += 1
            let start = index
            while let c = current, c != quote { index += 1 }
            guard current == quote else { throw error("the value of the attribute '\(attributeName)' is not closed") }
            let raw = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            let value = try decodeEntities(raw, normalizeWhitespace: true)
            if pendingAttributes.contains(where: { $0.0 == attributeName }) {
                throw error("the attribute '\(attributeName)' appears twice")
            }
            pendingAttributes.append((attributeName, value))
        }
        // Namespace declarations first, so that prefixes on this element resolve.
        for (attributeName, value) in pendingAttributes {
            if attributeName == "xmlns" {
                document.addDeclaration(prefix: "", uri: value, on: element)
            } else if attributeName.hasPrefix("xmlns:") {
                document.addDeclaration(prefix: String(attributeName.dropFirst(6)), uri: value, on: element)
            }
        }
        for (attributeName, value) in pendingAttributes {
            var attribute = XMLDocument.Node(kind: .attribute, name: attributeName, value: value)
            if attributeName == "xmlns" || attributeName.hasPrefix("xmlns:") {
                attribute.namespaceURI = "http://www.w3.org/2000/xmlns/"
            } else if !attribute.prefix.isEmpty {
                guard let uri = document.namespaceURI(forPrefix: attribute.prefix, at: element) else {
                    throw error("'\(attribute.prefix)' is an undeclared prefix")
                }
                attribute.namespaceURI = uri
            }
            document.append(attribute, to: element)
        }
        guard let uri = document.namespaceURI(forPrefix: document[element].prefix, at: element) else {
            throw error("'\(document[element].prefix)' is an undeclared prefix")
        }
        document.setNamespace(uri, of: element)

        if current == UInt8(ascii: "/") {
            index += 1
            guard current == UInt8(ascii: ">") else { throw error("'>' expected after '/' in the tag of '\(name)'") }
            index += 1
            document.markEmptyTag(element)
            return
        }
        index += 1  // >
        try parseContent(of: element, name: name, depth: depth)
    }

    private mutating func parseContent(of element: Int, name: String, depth: Int) throws(XMLError) {
        var text: [UInt8] = []
        func flushText(_ parser: inout XMLParser) throws(XMLError) {
            guard !text.isEmpty else { return }
            defer { text.removeAll(keepingCapacity: true) }
            if text.allSatisfy({ parser.isWhitespace($0) }) { return }
            let value = try parser.decodeEntities(String(decoding: text, as: UTF8.self), normalizeWhitespace: false)
            parser.document.append(XMLDocument.Node(kind: .text, value: value), to: element)
        }
        while true {
            guard let byte = current else { throw error("the element '\(name)' is not closed") }
            if byte != UInt8(ascii: "<") {
                text.append(byte)
                index += 1
                continue
            }
            if starts(with: "</") {
                try flushText(&self)
                index += 2
                let closing = try parseName()
                guard closing == name else {
                    throw error("the end tag '\(closing)' does not match the start tag '\(name)'")
                }
                skipWhitespace()
                guard current == UInt8(ascii: ">") else { throw error("'>' expected in the end tag of '\(name)'") }
                index += 1
                return
            }
            if starts(with: "<![CDATA[") {
                try flushText(&self)
                index += 9
                let start = index
                while index < bytes.count, !starts(with: "]]>") { index += 1 }
                guard index < bytes.count else { throw error("a CDATA section is not closed") }
                let value = String(decoding: bytes[start..<index], as: UTF8.self)
                document.append(XMLDocument.Node(kind: .cdata, value: value), to: element)
                index += 3
            } else if starts(with: "<!--") {
                try flushText(&self)
                try parseComment(parent: element)
            } else if starts(with: "<?") {
                try flushText(&self)
                try parseProcessingInstruction(parent: element, atStart: false)
            } else {
                try flushText(&self)
                try parseElement(parent: element, depth: depth + 1)
            }
        }
    }

    private mutating func parseComment(parent: Int) throws(XMLError) {
        index += 4
        let start = index
        while index < bytes.count, !starts(with: "-->") { index += 1 }
        guard index < bytes.count else { throw error("a comment is not closed") }
        document.append(
            XMLDocument.Node(kind: .comment, value: String(decoding: bytes[start..<index], as: UTF8.self)), to: parent)
        index += 3
    }

    private mutating func parseProcessingInstruction(parent: Int, atStart: Bool) throws(XMLError) {
        index += 2
        let target = try parseName()
        if target.lowercased() == "xml", !(atStart && target == "xml") {
            throw error("an XML declaration is only allowed at the very start of the document")
        }
        skipWhitespace()
        let start = index
        while index < bytes.count, !starts(with: "?>") { index += 1 }
        guard index < bytes.count else { throw error("a processing instruction is not closed") }
        var data = String(decoding: bytes[start..<index], as: UTF8.self)
        while let last = data.utf8.last, isWhitespace(last) { data.removeLast() }
        document.append(XMLDocument.Node(kind: .processingInstruction, name: target, value: data), to: parent)
        index += 2
    }

    /// `<!DOCTYPE name [PUBLIC "p" "s" | SYSTEM "s"] [[subset]]>`, kept so that it is written back.
    private mutating func parseDoctype() throws(XMLError) {
        index += 9
        skipWhitespace()
        let name = try parseName()
        skipWhitespace()
        let idStart = index
        while let byte = current, byte != UInt8(ascii: "["), byte != UInt8(ascii: ">") {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                while let c = current, c != byte { index += 1 }
            }
            index += 1
        }
        var externalID = String(decoding: bytes[idStart..<min(index, bytes.count)], as: UTF8.self)
        while let last = externalID.utf8.last, isWhitespace(last) { externalID.removeLast() }
        var subset = ""
        if current == UInt8(ascii: "[") {
            index += 1
            let subsetStart = index
            while let byte = current, byte != UInt8(ascii: "]") { index += 1 }
            guard current == UInt8(ascii: "]") else { throw error("the DOCTYPE's internal subset is not closed") }
            subset = String(decoding: bytes[subsetStart..<index], as: UTF8.self)
            index += 1
            skipWhitespace()
        }
        guard current == UInt8(ascii: ">") else { throw error("the DOCTYPE is not closed") }
        index += 1
        var node = XMLDocument.Node(kind: .documentType, name: name, value: externalID)
        node.internalSubset = subset
        document.append(node, to: XMLDocument.root)
    }

    private func decodeEntities(_ raw: String, normalizeWhitespace: Bool) throws(XMLError) -> String {
        guard raw.utf8.contains(UInt8(ascii: "&")) || raw.utf8.contains(0x0D) || normalizeWhitespace else { return raw }
        var result = ""
        var scalars = raw.unicodeScalars.makeIterator()
        var pendingCarriageReturn = false
        while let scalar = scalars.next() {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if scalar == "\n" { continue }
            }
            switch scalar {
            case "&":
                var name = ""
                var terminated = false
                while let next = scalars.next() {
                    if next == ";" {
                        terminated = true
                        break
                    }
                    name.unicodeScalars.append(next)
                }
                guard terminated, let decoded = entity(name) else {
                    throw error("the entity reference '&\(name)' is not valid")
                }
                result.unicodeScalars.append(decoded)
            case "\r":
                // Line ends are normalized to \n (and to a space in attribute values).
                result += normalizeWhitespace ? " " : "\n"
                pendingCarriageReturn = true
            case "\n", "\t":
                result.unicodeScalars.append(normalizeWhitespace ? " " : scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#x"), let code = UInt32(name.dropFirst(2), radix: 16) { return Unicode.Scalar(code) }
            if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) { return Unicode.Scalar(code) }
            return nil
        }
    }
}
