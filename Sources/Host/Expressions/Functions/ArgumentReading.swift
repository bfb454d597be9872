import PipehostJSON

/// Typed reads of arguments with ADF-style messages naming the function, the parameter and the
/// type it got.
extension CallSite {
    func string(_ arguments: Arguments, _ index: Int) throws(EvaluationFailure) -> String {
        guard case .string(let text) = arguments[index] else {
            throw typeError(index, expected: "a string", value: arguments[index], count: arguments.count)
        }
        return text
    }

    func integer(_ arguments: Arguments, _ index: Int) throws(EvaluationFailure) -> Int64 {
        guard case .integer(let value) = arguments[index] else {
            throw typeError(index, expected: "an integer", value: arguments[index], count: arguments.count)
        }
        return value
    }

    func boolean(_ arguments: Arguments, _ index: Int) throws(EvaluationFailure) -> Bool {
        guard case .bool(let value) = arguments[index] else {
            throw typeError(index, expected: "a boolean", value: arguments[index], count: arguments.count)
        }
        return value
    }

    /// The text of any value, as `string()` gives it.
    func text(of value: JSONValue) throws(EvaluationFailure) -> String {
        do throws(ValueTextError) {
            return try ValueText.string(value)
        } catch {
            throw failure("the function '\(name)' cannot read its argument: \(error.message)")
        }
    }

    func bytes(of value: JSONValue) throws(EvaluationFailure) -> [UInt8] {
        do throws(ValueTextError) {
            return try ValueText.bytes(value)
        } catch {
            throw failure("the function '\(name)' cannot read its argument: \(error.message)")
        }
    }
}
