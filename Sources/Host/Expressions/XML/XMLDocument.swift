/// A parsed XML document for `xml()`, `xpath()` and `json(xml(…))`: every node in one array, in
/// document order (an element, then its attributes, then its children), linked by index. Keeping
/// nodes in an array gives XPath its document order for free and needs no reference cycles.
struct XMLDocument: Sendable {
    enum Kind: Sendable, Equatable {
        case document
        case element
        case attribute
        case text
        case cdata
        case comment
        /// A processing instruction; the XML declaration is one named `xml`.
        case processingInstruction
        /// `<!DOCTYPE name …>`: `name` is the root name, `value` the external id as written, and
        /// `internalSubset` the text between `[` and `]`. XPath does not see it.
        case documentType
    }

    struct Node: Sendable {
        var kind: Kind
        /// The qualified name (`p:name`) of elements and attributes, the target of processing instructions.
        var name: String = ""
        /// Text of text, CDATA, comment and attribute nodes; data of processing instructions.
        var value: String = ""
        /// The namespace URI of elements and attributes ("" for none).
        var namespaceURI: String = ""
        var parent: Int = -1
        var children: [Int] = []
        var attributes: [Int] = []
        /// Namespace declarations made on this element (prefix "" for the default namespace).
        var declarations: [(prefix: String, uri: String)] = []
        /// An element written as `<a/>` rather than `<a></a>`; the writer keeps the form.
        var isEmptyTag = false
        /// The internal subset of a document type declaration.
        var internalSubset = ""

        var localName: String {
            guard let colon = name.firstIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        var prefix: String {
            guard let colon = name.firstIndex(of: ":") else { return "" }
            return String(name[..<colon])
        }
    }

    private(set) var nodes: [Node] = [Node(kind: .document)]
    static let root = 0

    subscript(index: Int) -> Node { nodes[index] }

    /// Appends a node under `parent` and returns its index.
    @discardableResult
    mutating func append(_ node: Node, to parent: Int) -> Int {
        var node = node
        node.parent = parent
        nodes.append(node)
        let index = nodes.count - 1
        if node.kind == .attribute {
            nodes[parent].attributes.append(index)
        } else {
            nodes[parent].children.append(index)
        }
        return index
    }

    mutating func setNamespace(_ uri: String, of index: Int) {
        nodes[index].namespaceURI = uri
    }

    mutating func markEmptyTag(_ index: Int) {
        nodes[index].isEmptyTag = true
    }

    mutating func addDeclaration(prefix: String, uri: String, on index: Int) {
        nodes[index].declarations.append((prefix, uri))
    }

    /// The document element.
    var rootElement: Int? {
        nodes[Self.root].children.first { nodes[$0].kind == .element }
    }

    /// The XPath string-value: the text of all descendant text nodes for elements and the document,
    /// the value otherwise.
    func stringValue(of index: Int) -> String {
        switch nodes[index].kind {
        case .document, .element:
            var result = ""
            appendText(of: index, to: &result)
            return result
        default:
            return nodes[index].value
        }
    }

    private func appendText(of index: Int, to result: inout String) {
        for child in nodes[index].children {
            switch nodes[child].kind {
            case .text, .cdata: result += nodes[child].value
            case .element: appendText(of: child, to: &result)
            default: break
            }
        }
    }

    /// The namespace URI bound to `prefix` at element `index` ("" when unbound, for the default namespace).
    func namespaceURI(forPrefix prefix: String, at index: Int) -> String? {
        if prefix == "xml" { return "http://www.w3.org/XML/1998/namespace" }
        if prefix == "xmlns" { return "http://www.w3.org/2000/xmlns/" }
        var current = index
        while current >= 0 {
            for declaration in nodes[current].declarations where declaration.prefix == prefix {
                return declaration.uri
            }
            current = nodes[current].parent
        }
        return prefix.isEmpty ? "" : nil
    }
}

/// Why an XML text could not be read or written.
struct XMLError: Error, CustomStringConvertible {
    var message: String
    var line: Int = 0
    var column: Int = 0

    var description: String {
        line > 0 ? "\(message) (line \(line), position \(column))" : message
    }
}
