/// The XPath 1.0 core function library.
enum XPathFunctions {
    typealias Value = XPathEvaluator.Value

    static func call(
        _ name: String, _ arguments: [XPathExpression], _ context: XPathEvaluator.Context, _ evaluator: XPathEvaluator
    ) throws(XPathError) -> Value {
        func value(_ index: Int) throws(XPathError) -> Value { try evaluator.evaluate(arguments[index], context) }
        func text(_ index: Int) throws(XPathError) -> String { evaluator.string(try value(index)) }
        func number(_ index: Int) throws(XPathError) -> Double { evaluator.number(try value(index)) }
        func nodes(_ index: Int) throws(XPathError) -> [Int] {
            guard case .nodes(let nodes) = try value(index) else {
                throw XPathError(message: "The function '\(name)()' expects a node-set argument.")
            }
            return nodes
        }
        /// The node an optional node-set argument names, or the context node.
        func subject() throws(XPathError) -> Int? {
            arguments.isEmpty ? context.node : try nodes(0).first
        }
        func arity(_ range: ClosedRange<Int>) throws(XPathError) {
            guard range.contains(arguments.count) else {
                throw XPathError(message: "The function '\(name)()' was given the wrong number of arguments.")
            }
        }
        let document = evaluator.document

        switch name {
        case "last":
            try arity(0...0)
            return .number(Double(context.size))
        case "position":
            try arity(0...0)
            return .number(Double(context.position))
        case "count":
            try arity(1...1)
            return .number(Double(try nodes(0).count))
        case "id":
            try arity(1...1)
            return .nodes([])
        case "local-name":
            try arity(0...1)
            return .string(
                try subject().map {
                    document[$0].kind == .processingInstruction ? document[$0].name : document[$0].localName
                } ?? "")
        case "namespace-uri":
            try arity(0...1)
            return .string(try subject().map { document[$0].namespaceURI } ?? "")
        case "name":
            try arity(0...1)
            return .string(try subject().map { document[$0].name } ?? "")
        case "string":
            try arity(0...1)
            return .string(arguments.isEmpty ? document.stringValue(of: context.node) : try text(0))
        case "concat":
            guard arguments.count >= 2 else {
                throw XPathError(message: "The function 'concat()' needs at least two arguments.")
            }
            var result = ""
            for index in arguments.indices { result += try text(index) }
            return .string(result)
        case "starts-with":
            try arity(2...2)
            return .boolean(try text(0).hasPrefix(try text(1)))
        case "contains":
            try arity(2...2)
            let whole = try text(0)
            let part = try text(1)
            return .boolean(UTF16Text.contains(whole, part))
        case "substring-before":
            try arity(2...2)
            let whole = try text(0)
            let part = try text(1)
            guard let range = whole.firstRange(of: part) else { return .string("") }
            return .string(String(whole[..<range.lowerBound]))
        case "substring-after":
            try arity(2...2)
            let whole = try text(0)
            let part = try text(1)
            guard let range = whole.firstRange(of: part) else { return .string("") }
            return .string(String(whole[range.upperBound...]))
        case "substring":
            try arity(2...3)
            let characters = Array(try text(0))
            let start = roundHalfUp(try number(1))
            let end = arguments.count == 3 ? start + roundHalfUp(try number(2)) : .infinity
            var result = ""
            for (offset, character) in characters.enumerated() {
                let position = Double(offset + 1)
                if position >= start, position < end { result.append(character) }
            }
            return .string(result)
        case "string-length":
            try arity(0...1)
            let value = arguments.isEmpty ? document.stringValue(of: context.node) : try text(0)
            return .number(Double(value.count))
        case "normalize-space":
            try arity(0...1)
            let value = arguments.isEmpty ? document.stringValue(of: context.node) : try text(0)
            return .string(
                value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(
                    separator: " "))
        case "translate":
            try arity(3...3)
            let from = Array(try text(1))
            let to = Array(try text(2))
            var result = ""
            for character in try text(0) {
                if let index = from.firstIndex(of: character) {
                    if index < to.count { result.append(to[index]) }
                } else {
                    result.append(character)
                }
            }
            return .string(result)
        case "boolean":
            try arity(1...1)
            return .boolean(evaluator.boolean(try value(0)))
        case "not":
            try arity(1...1)
            return .boolean(!evaluator.boolean(try value(0)))
        case "true":
            try arity(0...0)
            return .boolean(true)
        case "false":
            try arity(0...0)
            return .boolean(false)
        case "lang":
            try arity(1...1)
            let wanted = try text(0).lowercased()
            var node = context.node
            while node >= 0 {
                for attribute in document[node].attributes where document[attribute].name == "xml:lang" {
                    let language = document[attribute].value.lowercased()
                    return .boolean(language == wanted || language.hasPrefix(wanted + "-"))
                }
                node = document[node].parent
            }
            return .boolean(false)
        case "number":
            try arity(0...1)
            if arguments.isEmpty {
                return .number(XPathEvaluator.number(fromString: document.stringValue(of: context.node)))
            }
            return .number(try number(0))
        case "sum":
            try arity(1...1)
            return .number(
                try nodes(0).reduce(0) { $0 + XPathEvaluator.number(fromString: document.stringValue(of: $1)) })
        case "floor":
            try arity(1...1)
            return .number((try number(0)).rounded(.down))
        case "ceiling":
            try arity(1...1)
            return .number((try number(0)).rounded(.up))
        case "round":
            try arity(1...1)
            return .number(roundHalfUp(try number(0)))
        default:
            throw XPathError(message: "The XPath function '\(name)()' is not supported.")
        }
    }

    /// XPath's `round()`: halves go toward positive infinity.
    private static func roundHalfUp(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value + 0.5).rounded(.down)
    }
}
