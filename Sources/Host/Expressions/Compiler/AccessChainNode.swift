import PipehostJSON

/// Property and index accesses after a call: `f().a['b'][0]?.c`.
///
/// ADF's rules: object properties are matched without regard to case; `?.` and `?[` read a
/// missing property, an index out of range or a null base as null, and a null base short-circuits
/// the rest of the chain (`x?.a.b` is null when x is null); otherwise each of those is an error.
final class AccessChainNode: EvaluationNode {
    enum Step: Sendable {
        case member(name: String, nullSafe: Bool, position: Int)
        case index(Operand, nullSafe: Bool, position: Int)
    }

    let position: Int
    let base: any EvaluationNode
    let steps: [Step]

    init(base: any EvaluationNode, steps: [Step]) {
        self.base = base
        self.steps = steps
        self.position = base.position
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        var value = try base.evaluate(scope)
        for step in steps {
            switch step {
            case .member(let name, let nullSafe, let position):
                if nullSafe, value.isNull { return .null }
                value = try Self.member(name, of: value, nullSafe: nullSafe, position: position)
            case .index(let operand, let nullSafe, let position):
                if nullSafe, value.isNull { return .null }
                let index = try operand.evaluate(scope)
                value = try Self.element(index, of: value, nullSafe: nullSafe, position: position)
            }
        }
        return value
    }

    static func member(
        _ name: String, of value: JSONValue, nullSafe: Bool, position: Int
    ) throws(EvaluationFailure) -> JSONValue {
        switch value {
        case .object(let object):
            if let found = object[caseInsensitive: name] { return found }
            if nullSafe { return .null }
            let available = object.keys.joined(separator: ", ")
            throw EvaluationFailure(
                at: position,
                "the property '\(name)' doesn't exist; available properties are '\(available)' "
                    + "(use '?.' to read a missing property as null)")
        case .null:
            throw EvaluationFailure(
                at: position,
                "the property '\(name)' cannot be selected from a null value (use '?.' to read it as null)")
        case .array:
            throw EvaluationFailure(
                at: position,
                "the property '\(name)' cannot be selected from an array; select array elements with an integer index")
        default:
            throw EvaluationFailure(
                at: position,
                "the property '\(name)' cannot be selected: property selection is not supported on values of type "
                    + "'\(value.expressionTypeName)'")
        }
    }

    static func element(
        _ index: JSONValue, of value: JSONValue, nullSafe: Bool, position: Int
    ) throws(EvaluationFailure) -> JSONValue {
        switch (value, index) {
        case (.array(let elements), .integer(let offset)):
            if offset >= 0, offset < Int64(elements.count) { return elements[Int(offset)] }
            if nullSafe { return .null }
            throw EvaluationFailure(
                at: position,
                "the array index \(offset) is outside the bounds (0, \(elements.count - 1)) of the array")
        case (.object, .string(let name)):
            return try member(name, of: value, nullSafe: nullSafe, position: position)
        case (.array, _):
            throw EvaluationFailure(
                at: position,
                "the property '\(ValueText.plain(index))' cannot be selected: array elements are selected with an "
                    + "integer index")
        case (.object, .integer(let offset)):
            throw EvaluationFailure(
                at: position,
                "the property '\(offset)' cannot be selected: object properties are selected by name")
        case (.object, _):
            throw EvaluationFailure(
                at: position,
                "the property '\(ValueText.plain(index))' cannot be selected: object properties are selected by "
                    + "a string name, not a value of type '\(index.expressionTypeName)'")
        case (.null, _):
            throw EvaluationFailure(
                at: position,
                "the property '\(ValueText.plain(index))' cannot be selected from a null value "
                    + "(use '?[' to read it as null)")
        default:
            throw EvaluationFailure(
                at: position,
                "the property '\(ValueText.plain(index))' cannot be selected: property selection is not supported "
                    + "on values of type '\(value.expressionTypeName)'")
        }
    }
}
