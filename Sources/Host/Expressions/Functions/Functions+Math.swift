import PipehostJSON

/// add, div, max, min, mod, mul, rand, range, sub. Two integers give an integer (64-bit, overflow is
/// an error, `div` truncates toward zero); a float on either side gives a float.
enum MathFunctions {
    static let definitions: [FunctionDefinition] = [
        arithmetic("add", integer: { $0.addingReportingOverflow($1) }, float: { $0 + $1 }),
        arithmetic("sub", integer: { $0.subtractingReportingOverflow($1) }, float: { $0 - $1 }),
        arithmetic("mul", integer: { $0.multipliedReportingOverflow(by: $1) }, float: { $0 * $1 }),
        arithmetic(
            "div", integer: { $0.dividedReportingOverflow(by: $1) }, float: { $0 / $1 }, rejectsZeroDivisor: true),
        arithmetic(
            "mod", integer: { $0.remainderReportingOverflow(dividingBy: $1) },
            float: { $0.truncatingRemainder(dividingBy: $1) },
            rejectsZeroDivisor: true),
        FunctionDefinition("max", arguments: 1...Int.max) { arguments, call, _ throws(EvaluationFailure) in
            try extreme(arguments, call, keepsLarger: true)
        },
        FunctionDefinition("min", arguments: 1...Int.max) { arguments, call, _ throws(EvaluationFailure) in
            try extreme(arguments, call, keepsLarger: false)
        },
        FunctionDefinition("rand", arguments: 2...2, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            let lower = try call.integer(arguments, 0)
            let upper = try call.integer(arguments, 1)
            guard lower <= upper else {
                throw call.failure(
                    "the function 'rand' expects its minimum (\(lower)) to be no greater than its maximum (\(upper))")
            }
            if lower == upper { return .integer(lower) }
            let value = scope.environment.random(lower, upper)
            guard value >= lower, value < upper else {
                throw call.failure(
                    "the random source of the evaluation environment returned \(value), outside \(lower)..<\(upper)")
            }
            return .integer(value)
        },
        FunctionDefinition("range", arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            let start = try call.integer(arguments, 0)
            let count = try call.integer(arguments, 1)
            // ADF's engine builds the list as .NET's Enumerable.Range does: the last number,
            // start + count - 1, must fit in 32 bits, so range(2147483647, 1) is [2147483647].
            guard count >= 0, count <= 100_000, start >= Int64(Int32.min), start <= Int64(Int32.max),
                start - 1 + count <= Int64(Int32.max)
            else {
                throw call.failure(
                    "the function 'range' expects a count from 0 to 100000 and a start index from \(Int32.min) such that "
                        + "the last number, start + count - 1, is at most \(Int32.max); it was given start \(start) and count \(count)")
            }
            return .array((0..<count).map { .integer(start + $0) })
        },
    ]

    private static func arithmetic(
        _ name: String, integer: @escaping @Sendable (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        float: @escaping @Sendable (Double, Double) -> Double, rejectsZeroDivisor: Bool = false
    ) -> FunctionDefinition {
        FunctionDefinition(name, arguments: 2...2) { arguments, call, _ throws(EvaluationFailure) in
            let lhs = arguments[0]
            let rhs = arguments[1]
            if lhs.numberValue == nil { throw call.typeError(0, expected: "an integer or a float", value: lhs) }
            if rhs.numberValue == nil { throw call.typeError(1, expected: "an integer or a float", value: rhs) }
            if rejectsZeroDivisor, rhs.numberValue == 0 {
                throw call.failure("the function '\(name)' cannot divide by zero")
            }
            if case .integer(let a) = lhs, case .integer(let b) = rhs {
                let (result, overflow) = integer(a, b)
                guard !overflow else {
                    throw call.failure("the function '\(name)' overflowed the 64-bit integer range with \(a) and \(b)")
                }
                return .integer(result)
            }
            return .double(float(lhs.numberValue ?? 0, rhs.numberValue ?? 0))
        }
    }

    private static func extreme(
        _ arguments: Arguments, _ call: CallSite, keepsLarger: Bool
    ) throws(EvaluationFailure) -> JSONValue {
        var values = arguments.all
        if values.count == 1, case .array(let elements) = values[0] { values = elements }
        guard !values.isEmpty else {
            throw call.failure("the function '\(call.name)' expects at least one number; it was given an empty array")
        }
        var best = values[0]
        var anyFloat = false
        for value in values {
            switch value {
            case .integer: break
            case .double: anyFloat = true
            default:
                throw call.failure(
                    "the function '\(call.name)' expects integers or floats; it was given a value of type "
                        + "'\(value.expressionTypeName)'")
            }
            if let order = ValueEquality.compare(value, best), keepsLarger ? order > 0 : order < 0 { best = value }
        }
        if anyFloat, let number = best.numberValue { return .double(number) }
        return best
    }
}
