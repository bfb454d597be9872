import PipehostJSON

/// Converts between XML and JSON with Json.NET's conventions, as ADF's `json(xml(…))` and
/// `xml(json(…))` do: attributes are `@name` members, text is `#text`, CDATA is `#cdata-section`,
/// the XML declaration is `?xml`, repeated elements become arrays, and an element holding only text
/// becomes a string.
enum XMLJSONConversion {
    // MARK: XML → JSON

    static func json(from document: XMLDocument) -> JSONValue {
        .object(members(of: XMLDocument.root, in: document))
    }

    private static func members(of index: Int, in document: XMLDocument) -> JSONObject {
        var object = JSONObject()
        for attribute in document[index].attributes {
            object["@" + document[attribute].name] = .string(document[attribute].value)
        }
        // Children grouped by name in order of first appearance; repeats become arrays.
        var order: [String] = []
        var groups: [String: [JSONValue]] = [:]
        for child in document[index].children {
            let node = document[child]
            let key: String
            let value: JSONValue
            switch node.kind {
            case .element:
                key = node.name
                value = elementValue(child, in: document)
            case .text:
                key = "#text"
                value = .string(node.value)
            case .cdata:
                key = "#cdata-section"
                value = .string(node.value)
            case .processingInstruction:
                key = "?" + node.name
                if node.name == "xml" {
                    var declaration = JSONObject()
                    for name in ["version", "encoding", "standalone"] {
                        if let text = XMLWriter.pseudoAttribute(name, in: node.value) {
                            declaration["@" + name] = .string(text)
                        }
                    }
                    value = .object(declaration)
                } else {
                    value = .string(node.value)
                }
            case .comment, .attribute, .document, .documentType:
                continue
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(value)
        }
        for key in order {
            guard let values = groups[key] else { continue }
            object[key] = values.count == 1 ? values[0] : .array(values)
        }
        return object
    }

    private static func elementValue(_ index: Int, in document: XMLDocument) -> JSONValue {
        let node = document[index]
        if node.attributes.isEmpty {
            if node.children.isEmpty { return node.isEmptyTag ? .null : .string("") }
            if node.children.count == 1, document[node.children[0]].kind == .text {
                return .string(document[node.children[0]].value)
            }
        }
        return .object(members(of: index, in: document))
    }

    // MARK: JSON → XML

    /// The XML document for a JSON object with one root property (plus an optional `?xml`).
    static func document(from object: JSONObject) throws(XMLError) -> XMLDocument {
        var document = XMLDocument()
        var sawRoot = false
        for member in object.members {
            if member.key == "?xml" {
                document.append(
                    XMLDocument.Node(kind: .processingInstruction, name: "xml", value: declaration(member.value)),
                    to: XMLDocument.root)
                continue
            }
            if member.key.hasPrefix("?") {
                document.append(
                    XMLDocument.Node(
                        kind: .processingInstruction, name: String(member.key.dropFirst()),
                        value: ValueText.plain(member.value)),
                    to: XMLDocument.root)
                continue
            }
            let count = elementCount(member.value)
            guard !sawRoot, count <= 1 else {
                throw XMLError(
                    message: "the JSON object must have a single root property (not an array) to become an XML document"
                )
            }
            if count == 1 {
                try appendElement(named: member.key, value: member.value, to: XMLDocument.root, in: &document)
                sawRoot = true
            }
        }
        guard sawRoot else {
            throw XMLError(message: "the JSON object must have a single root property to become an XML document")
        }
        return document
    }

    private static func elementCount(_ value: JSONValue) -> Int {
        if case .array(let elements) = value { return elements.count }
        return 1
    }

    private static func declaration(_ value: JSONValue) -> String {
        guard case .object(let object) = value else { return "version=\"1.0\"" }
        var parts: [String] = []
        for name in ["version", "encoding", "standalone"] {
            if let text = object["@" + name].map(ValueText.plain) { parts.append("\(name)=\"\(text)\"") }
        }
        return parts.joined(separator: " ")
    }

    private static func appendElement(
        named name: String, value: JSONValue, to parent: Int, in document: inout XMLDocument
    ) throws(XMLError) {
        if case .array(let elements) = value {
            for element in elements { try appendElement(named: name, value: element, to: parent, in: &document) }
            return
        }
        let element = document.append(XMLDocument.Node(kind: .element, name: encodeName(name)), to: parent)
        switch value {
        case .null:
            document.markEmptyTag(element)
        case .object(let object):
            if object.isEmpty { document.markEmptyTag(element) }
            for member in object.members {
                if member.key.hasPrefix("@") {
                    let attributeName = String(member.key.dropFirst())
                    document.append(
                        XMLDocument.Node(kind: .attribute, name: attributeName, value: scalarText(member.value)),
                        to: element)
                    if attributeName == "xmlns" {
                        document.addDeclaration(prefix: "", uri: scalarText(member.value), on: element)
                    } else if attributeName.hasPrefix("xmlns:") {
                        document.addDeclaration(
                            prefix: String(attributeName.dropFirst(6)), uri: scalarText(member.value), on: element)
                    }
                } else if member.key == "#text" {
                    appendTexts(member.value, kind: .text, to: element, in: &document)
                } else if member.key == "#cdata-section" {
                    appendTexts(member.value, kind: .cdata, to: element, in: &document)
                } else if member.key.hasPrefix("?") {
                    document.append(
                        XMLDocument.Node(
                            kind: .processingInstruction, name: String(member.key.dropFirst()),
                            value: scalarText(member.value)),
                        to: element)
                } else {
                    try appendElement(named: member.key, value: member.value, to: element, in: &document)
                }
            }
            if let uri = document.namespaceURI(forPrefix: document[element].prefix, at: element) {
                document.setNamespace(uri, of: element)
            }
        default:
            document.append(XMLDocument.Node(kind: .text, value: scalarText(value)), to: element)
        }
    }

    private static func appendTexts(
        _ value: JSONValue, kind: XMLDocument.Kind, to element: Int, in document: inout XMLDocument
    ) {
        let values = value.arrayValue ?? [value]
        for text in values { document.append(XMLDocument.Node(kind: kind, value: scalarText(text)), to: element) }
    }

    /// Text of a JSON scalar as XML writes it: `true`, `1.5`, `1` for 1.0.
    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .double(let double): DotNetNumberFormatting.format(double)
        default: ValueText.plain(value)
        }
    }

    /// .NET's `XmlConvert.EncodeName`: characters not allowed in a name become `_xHHHH_`.
    static func encodeName(_ name: String) -> String {
        var result = ""
        for (offset, scalar) in name.unicodeScalars.enumerated() {
            let allowed: Bool
            switch scalar {
            case "a"..."z", "A"..."Z", "_", ":": allowed = true
            case "0"..."9", "-", ".": allowed = offset > 0
            default: allowed = scalar.value >= 0xC0 && scalar.properties.isAlphabetic
            }
            if allowed {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
            }
        }
        return result.isEmpty ? "_" : result
    }
}
