/// Writes XML the way .NET does for ADF: `compact` is `XmlDocument.OuterXml` (what `xml()` stores),
/// `indented` is `XPathNavigator.OuterXml` (what `xpath()` returns for an element: two-space
/// indentation, except inside elements that hold text).
enum XMLWriter {
    static func compact(_ document: XMLDocument) -> String {
        var output = ""
        for child in document[XMLDocument.root].children {
            write(child, of: document, to: &output, indent: nil, scope: [])
        }
        return output
    }

    /// One node with its subtree, declaring the namespaces it uses that were declared above it.
    static func indented(_ index: Int, of document: XMLDocument) -> String {
        var output = ""
        if document[index].kind == .document {
            var first = true
            for child in document[index].children
            where document[child].kind != .processingInstruction
                || document[child].name != "xml"
            {
                if !first { output += "\n" }
                first = false
                write(child, of: document, to: &output, indent: 0, scope: [])
            }
            return output
        }
        write(index, of: document, to: &output, indent: 0, scope: [])
        return output
    }

    /// `scope` holds the namespace bindings already written by enclosing elements.
    private static func write(
        _ index: Int, of document: XMLDocument, to output: inout String, indent: Int?,
        scope: [(prefix: String, uri: String)]
    ) {
        let node = document[index]
        switch node.kind {
        case .document:
            for child in node.children { write(child, of: document, to: &output, indent: indent, scope: scope) }
        case .text: output += escapeText(node.value)
        case .cdata: output += "<![CDATA[" + node.value + "]]>"
        case .comment: output += "<!--" + node.value + "-->"
        case .processingInstruction:
            if node.name == "xml" {
                output += "<?xml " + declarationText(node.value) + "?>"
            } else {
                output += "<?" + node.name + (node.value.isEmpty ? "" : " " + node.value) + "?>"
            }
        case .attribute:
            output += node.name + "=\"" + escapeAttribute(node.value) + "\""
        case .documentType:
            output += "<!DOCTYPE " + node.name + (node.value.isEmpty ? "" : " " + node.value)
            output += "[" + node.internalSubset + "]>"
        case .element:
            var bindings = scope
            output += "<" + node.name
            for attribute in node.attributes {
                let attributeNode = document[attribute]
                output += " " + attributeNode.name + "=\"" + escapeAttribute(attributeNode.value) + "\""
                if attributeNode.name == "xmlns" {
                    bindings.append(("", attributeNode.value))
                } else if attributeNode.name.hasPrefix("xmlns:") {
                    bindings.append((String(attributeNode.name.dropFirst(6)), attributeNode.value))
                }
            }
            // Declare the element's own namespace when no enclosing written element did.
            let prefix = node.prefix
            let bound = bindings.last(where: { $0.prefix == prefix })?.uri ?? ""
            if bound != node.namespaceURI {
                output +=
                    " " + (prefix.isEmpty ? "xmlns" : "xmlns:" + prefix) + "=\"" + escapeAttribute(node.namespaceURI)
                    + "\""
                bindings.append((prefix, node.namespaceURI))
            }
            if node.children.isEmpty {
                output += node.isEmptyTag ? " />" : "></" + node.name + ">"
                return
            }
            output += ">"
            let mixed = node.children.contains { document[$0].kind == .text || document[$0].kind == .cdata }
            let childIndent = (indent != nil && !mixed) ? indent.map { $0 + 1 } : nil
            for child in node.children {
                if let childIndent {
                    output += "\n" + String(repeating: "  ", count: childIndent)
                }
                write(child, of: document, to: &output, indent: childIndent, scope: bindings)
            }
            if let indent, childIndent != nil {
                output += "\n" + String(repeating: "  ", count: indent)
            }
            output += "</" + node.name + ">"
        }
    }

    /// The XML declaration rewritten with double quotes, as .NET writes it.
    private static func declarationText(_ data: String) -> String {
        var parts: [String] = []
        for name in ["version", "encoding", "standalone"] {
            if let value = pseudoAttribute(name, in: data) { parts.append("\(name)=\"\(value)\"") }
        }
        return parts.isEmpty ? data : parts.joined(separator: " ")
    }

    /// A pseudo-attribute (`version="1.0"`) of a processing instruction.
    static func pseudoAttribute(_ name: String, in data: String) -> String? {
        var scanner = DateScanner(data)
        while !scanner.atEnd {
            scanner.skipSpaces()
            let start = scanner.index
            while let byte = scanner.current, byte != UInt8(ascii: "="), byte != 0x20 { scanner.index += 1 }
            let key = String(decoding: scanner.bytes[start..<scanner.index], as: UTF8.self)
            scanner.skipSpaces()
            guard scanner.take(oneOf: "=") != nil else { return nil }
            scanner.skipSpaces()
            guard let quote = scanner.take(oneOf: "\"'") else { return nil }
            let valueStart = scanner.index
            while let byte = scanner.current, byte != quote { scanner.index += 1 }
            let value = String(decoding: scanner.bytes[valueStart..<scanner.index], as: UTF8.self)
            _ = scanner.take(oneOf: "\"'")
            if key == name { return value }
        }
        return nil
    }

    static func escapeText(_ text: String) -> String {
        guard
            text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
        else { return text }
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    static func escapeAttribute(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "&#xA;"
            case "\r": result += "&#xD;"
            case "\t": result += "&#x9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
