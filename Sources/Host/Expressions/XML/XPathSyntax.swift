/// The parsed form of an XPath 1.0 expression.
indirect enum XPathExpression: Sendable {
    case number(Double)
    case literal(String)
    case variable(String)
    case function(String, [XPathExpression])
    case binary(XPathOperator, XPathExpression, XPathExpression)
    case negate(XPathExpression)
    /// A location path, absolute (`/a/b`) or relative to the context node (`a/b`).
    case path(absolute: Bool, steps: [XPathStep])
    /// A primary expression with predicates, optionally followed by a relative path: `(//a)[1]/b`.
    case filter(XPathExpression, predicates: [XPathExpression], steps: [XPathStep])
}

enum XPathOperator: Sendable {
    case or, and, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case plus, minus, multiply, divide, modulo, union
}

struct XPathStep: Sendable {
    var axis: XPathAxis
    var test: XPathNodeTest
    var predicates: [XPathExpression]
}

enum XPathAxis: String, Sendable, CaseIterable {
    case ancestor, ancestorOrSelf = "ancestor-or-self", attribute, child, descendant
    case descendantOrSelf = "descendant-or-self", following, followingSibling = "following-sibling"
    case namespace, parent, preceding, precedingSibling = "preceding-sibling", `self`

    /// Reverse axes number their nodes from the context node backwards.
    var isReverse: Bool {
        switch self {
        case .ancestor, .ancestorOrSelf, .preceding, .precedingSibling: true
        default: false
        }
    }
}

enum XPathNodeTest: Sendable {
    /// A name without prefix: elements (or attributes) in no namespace with this local name.
    case name(String)
    case any
    case node
    case text
    case comment
    case processingInstruction(String?)
}

/// Why an XPath expression could not be parsed or evaluated.
struct XPathError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
