import PipehostJSON

/// One node of a compiled expression tree. Nodes are immutable final classes, so one compiled
/// expression can be evaluated from many threads at once.
protocol EvaluationNode: AnyObject, Sendable {
    /// UTF-8 offset in the source text, for error messages.
    var position: Int { get }
    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue
    /// The value when it is known at compile time (literals and folded calls).
    var constantValue: JSONValue? { get }
}

extension EvaluationNode {
    var constantValue: JSONValue? { nil }
}

/// An argument of a call or an index of an access: a constant held inline (no node to allocate or
/// call through) or a node to evaluate.
enum Operand: Sendable {
    case constant(JSONValue)
    case node(any EvaluationNode)

    @inline(__always)
    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        switch self {
        case .constant(let value): value
        case .node(let node): try node.evaluate(scope)
        }
    }

    var constantValue: JSONValue? {
        if case .constant(let value) = self { return value }
        return nil
    }
}

/// A literal, or a call folded at compile time.
final class ConstantNode: EvaluationNode {
    let position: Int
    let value: JSONValue

    init(_ value: JSONValue, position: Int) {
        self.value = value
        self.position = position
    }

    func evaluate(_ scope: EvaluationScope) -> JSONValue { value }
    var constantValue: JSONValue? { value }
}

/// A string with `@{…}` segments: every segment's value turned into text and concatenated.
final class InterpolationNode: EvaluationNode {
    enum Part: Sendable {
        case text(String)
        case value(any EvaluationNode)
    }

    let position: Int
    let parts: [Part]

    init(parts: [Part], position: Int) {
        self.parts = parts
        self.position = position
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .value(let node):
                let value = try node.evaluate(scope)
                do throws(ValueTextError) {
                    try ValueText.append(value, to: &result)
                } catch {
                    throw EvaluationFailure(at: node.position, error.message)
                }
            }
        }
        return .string(result)
    }
}
