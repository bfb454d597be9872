/// Evaluates XPath 1.0 over an `XMLDocument`, without a namespace manager (as in ADF, where prefixed
/// names are an error and namespaced nodes are found with `*[local-name()='x']`).
struct XPathEvaluator {
    enum Value {
        case nodes([Int])
        case number(Double)
        case string(String)
        case boolean(Bool)
    }

    struct Context {
        var node: Int
        var position: Int
        var size: Int
    }

    let document: XMLDocument

    static func evaluate(_ expression: String, on document: XMLDocument) throws(XPathError) -> Value {
        let syntax = try XPathParser.parse(expression)
        let evaluator = XPathEvaluator(document: document)
        return try evaluator.evaluate(syntax, Context(node: XMLDocument.root, position: 1, size: 1))
    }

    func evaluate(_ expression: XPathExpression, _ context: Context) throws(XPathError) -> Value {
        switch expression {
        case .number(let value): return .number(value)
        case .literal(let text): return .string(text)
        case .variable:
            throw XPathError(message: "XPath variables are not supported: ADF gives xpath() no variable bindings.")
        case .negate(let inner): return .number(-number(try evaluate(inner, context)))
        case .function(let name, let arguments): return try XPathFunctions.call(name, arguments, context, self)
        case .path(let absolute, let steps):
            let start = absolute ? XMLDocument.root : context.node
            return .nodes(try apply(steps, to: [start]))
        case .filter(let primary, let predicates, let steps):
            guard case .nodes(var nodes) = try evaluate(primary, context) else {
                if predicates.isEmpty, steps.isEmpty { return try evaluate(primary, context) }
                throw XPathError(message: "Expression must evaluate to a node-set.")
            }
            for predicate in predicates { nodes = try filter(nodes, by: predicate) }
            return .nodes(try apply(steps, to: nodes))
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, context)
        }
    }

    // MARK: Paths

    private func apply(_ steps: [XPathStep], to start: [Int]) throws(XPathError) -> [Int] {
        var current = start
        for step in steps {
            var collected = Set<Int>()
            for node in current {
                var matches = axis(step.axis, of: node).filter { self.matches(step.test, $0, axis: step.axis) }
                for predicate in step.predicates { matches = try filter(matches, by: predicate) }
                collected.formUnion(matches)
            }
            current = collected.sorted()
        }
        return current
    }

    /// Keeps the nodes for which `predicate` holds; a number means "is at that position".
    private func filter(_ nodes: [Int], by predicate: XPathExpression) throws(XPathError) -> [Int] {
        var kept: [Int] = []
        for (offset, node) in nodes.enumerated() {
            let context = Context(node: node, position: offset + 1, size: nodes.count)
            let value = try evaluate(predicate, context)
            if case .number(let position) = value {
                if position == Double(offset + 1) { kept.append(node) }
            } else if boolean(value) {
                kept.append(node)
            }
        }
        return kept
    }

    /// The nodes on `axis` from `node`, in axis order (reverse axes nearest first).
    func axis(_ axis: XPathAxis, of node: Int) -> [Int] {
        let current = document[node]
        switch axis {
        case .child: return current.children.filter { document[$0].kind != .documentType }
        case .attribute:
            return current.attributes.filter { document[$0].namespaceURI != "http://www.w3.org/2000/xmlns/" }
        case .self: return [node]
        case .parent: return current.parent >= 0 ? [current.parent] : []
        case .ancestor, .ancestorOrSelf:
            var result = axis == .ancestorOrSelf ? [node] : []
            var parent = current.parent
            while parent >= 0 {
                result.append(parent)
                parent = document[parent].parent
            }
            return result
        case .descendant, .descendantOrSelf:
            var result = axis == .descendantOrSelf ? [node] : []
            appendDescendants(of: node, to: &result)
            return result
        case .followingSibling, .precedingSibling:
            guard current.kind != .attribute, current.parent >= 0 else { return [] }
            let siblings = document[current.parent].children
            guard let index = siblings.firstIndex(of: node) else { return [] }
            return axis == .followingSibling ? Array(siblings[(index + 1)...]) : siblings[..<index].reversed()
        case .following:
            var result: [Int] = []
            var last = node
            appendDescendants(of: node, to: &result)
            if let deepest = result.last { last = deepest }
            result.removeAll()
            for index in (last + 1)..<document.nodes.count where document[index].kind != .attribute {
                result.append(index)
            }
            return result
        case .preceding:
            var ancestors = Set<Int>()
            var parent = current.parent
            while parent >= 0 {
                ancestors.insert(parent)
                parent = document[parent].parent
            }
            var result: [Int] = []
            for index in stride(from: node - 1, through: 0, by: -1)
            where !ancestors.contains(index) && document[index].kind != .attribute {
                result.append(index)
            }
            return result
        case .namespace: return []
        }
    }

    private func appendDescendants(of node: Int, to result: inout [Int]) {
        for child in document[node].children {
            result.append(child)
            appendDescendants(of: child, to: &result)
        }
    }

    private func matches(_ test: XPathNodeTest, _ node: Int, axis: XPathAxis) -> Bool {
        let current = document[node]
        let principal: XMLDocument.Kind = axis == .attribute ? .attribute : .element
        switch test {
        case .any: return current.kind == principal
        case .name(let name):
            return current.kind == principal && current.localName == name && current.namespaceURI.isEmpty
        case .node: return true
        case .text: return current.kind == .text || current.kind == .cdata
        case .comment: return current.kind == .comment
        case .processingInstruction(let target):
            return current.kind == .processingInstruction && (target == nil || current.name == target)
        }
    }

    // MARK: Operators

    private func binary(
        _ op: XPathOperator, _ lhsExpression: XPathExpression, _ rhsExpression: XPathExpression, _ context: Context
    ) throws(XPathError) -> Value {
        switch op {
        case .or:
            if boolean(try evaluate(lhsExpression, context)) { return .boolean(true) }
            return .boolean(boolean(try evaluate(rhsExpression, context)))
        case .and:
            if !boolean(try evaluate(lhsExpression, context)) { return .boolean(false) }
            return .boolean(boolean(try evaluate(rhsExpression, context)))
        case .union:
            guard case .nodes(let a) = try evaluate(lhsExpression, context),
                case .nodes(let b) = try evaluate(rhsExpression, context)
            else { throw XPathError(message: "Expression must evaluate to a node-set.") }
            return .nodes(Set(a).union(b).sorted())
        case .plus, .minus, .multiply, .divide, .modulo:
            let a = number(try evaluate(lhsExpression, context))
            let b = number(try evaluate(rhsExpression, context))
            switch op {
            case .plus: return .number(a + b)
            case .minus: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            default: return .number(a.truncatingRemainder(dividingBy: b))
            }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .boolean(compare(op, try evaluate(lhsExpression, context), try evaluate(rhsExpression, context)))
        }
    }

    private func compare(_ op: XPathOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.nodes(let a), .nodes(let b)):
            let right = b.map { document.stringValue(of: $0) }
            return a.contains { node in
                let left = document.stringValue(of: node)
                return right.contains { atomic(op, .string(left), .string($0)) }
            }
        case (.nodes(let a), _):
            if case .boolean = rhs { return atomic(op, .boolean(!a.isEmpty), rhs) }
            return a.contains { atomic(op, .string(document.stringValue(of: $0)), rhs) }
        case (_, .nodes(let b)):
            if case .boolean = lhs { return atomic(op, lhs, .boolean(!b.isEmpty)) }
            return b.contains { atomic(op, lhs, .string(document.stringValue(of: $0))) }
        default:
            return atomic(op, lhs, rhs)
        }
    }

    private func atomic(_ op: XPathOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        switch op {
        case .equal, .notEqual:
            let equal: Bool
            switch (lhs, rhs) {
            case (.boolean, _), (_, .boolean): equal = boolean(lhs) == boolean(rhs)
            case (.number, _), (_, .number): equal = number(lhs) == number(rhs)
            default: equal = string(lhs) == string(rhs)
            }
            return op == .equal ? equal : !equal
        case .less: return number(lhs) < number(rhs)
        case .lessOrEqual: return number(lhs) <= number(rhs)
        case .greater: return number(lhs) > number(rhs)
        default: return number(lhs) >= number(rhs)
        }
    }

    // MARK: Conversions

    func boolean(_ value: Value) -> Bool {
        switch value {
        case .boolean(let flag): flag
        case .number(let number): number != 0 && !number.isNaN
        case .string(let text): !text.isEmpty
        case .nodes(let nodes): !nodes.isEmpty
        }
    }

    func number(_ value: Value) -> Double {
        switch value {
        case .boolean(let flag): flag ? 1 : 0
        case .number(let number): number
        case .string(let text): Self.number(fromString: text)
        case .nodes: Self.number(fromString: string(value))
        }
    }

    func string(_ value: Value) -> String {
        switch value {
        case .boolean(let flag): flag ? "true" : "false"
        case .number(let number): Self.string(fromNumber: number)
        case .string(let text): text
        case .nodes(let nodes): nodes.first.map { document.stringValue(of: $0) } ?? ""
        }
    }

    /// XPath's `number()` of a string: optional white space, an optional minus, digits with an
    /// optional fraction; anything else is NaN.
    static func number(fromString text: String) -> Double {
        let trimmed = text.trimmingXMLWhitespace()
        var body = Substring(trimmed)
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            body.filter({ $0 == "." }).count <= 1, body != ".",
            let value = Double(body.first == "." ? "0" + body : String(body))
        else { return .nan }
        return negative ? -value : value
    }

    /// XPath's `string()` of a number: no exponent, integers without a fraction.
    static func string(fromNumber number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        if number == 0 { return "0" }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        let (digits, scale) = DotNetNumberFormatting.shortestDigits(number)
        var result = number < 0 ? "-" : ""
        if scale <= 0 {
            result += "0." + String(repeating: "0", count: -scale) + digits
        } else if scale >= digits.count {
            result += digits + String(repeating: "0", count: scale - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: scale)
            result += digits[..<split] + "." + digits[split...]
        }
        return result
    }
}

extension String {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
