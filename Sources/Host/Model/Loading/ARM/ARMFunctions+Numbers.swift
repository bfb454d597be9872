import PipehostJSON

extension ARMFunctions {
    /// Integer functions; overflow and division by zero are errors, never traps.
    static let numbers: [ARMFunction] = [
        ARMFunction("int", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .integer: return call.arguments[0]
            case .double(let number) where number.isFinite && abs(number) < 9.2e18: return .integer(Int64(number))
            case .string(let text):
                guard let number = Int64(text.trimmingPrefix(while: \.isWhitespace)) else { throw call.invalid("'\(text)' is not an integer") }
                return .integer(number)
            default: throw call.wrongType(0, "a string or a number")
            }
        },
        arithmetic("add") { $0.addingReportingOverflow($1) },
        arithmetic("sub") { $0.subtractingReportingOverflow($1) },
        arithmetic("mul") { $0.multipliedReportingOverflow(by: $1) },
        arithmetic("div") { $1 == 0 ? (partialValue: 0, overflow: true) : $0.dividedReportingOverflow(by: $1) },
        arithmetic("mod") { $1 == 0 ? (partialValue: 0, overflow: true) : $0.remainderReportingOverflow(dividingBy: $1) },
        ARMFunction("min", 1...many) { call throws(ARMExpressionError) in try extreme(call, smallest: true) },
        ARMFunction("max", 1...many) { call throws(ARMExpressionError) in try extreme(call, smallest: false) },
    ]

    private static func arithmetic(
        _ name: String, _ operation: @escaping @Sendable (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
    ) -> ARMFunction {
        ARMFunction(name, 2...2) { call throws(ARMExpressionError) in
            let (result, failed) = operation(try call.integer(0), try call.integer(1))
            guard !failed else { throw call.invalid("the result is outside the 64-bit integer range or divides by zero") }
            return .integer(result)
        }
    }

    /// `min`/`max` of int arguments or of one array of ints.
    private static func extreme(_ call: ARMFunctionCall, smallest: Bool) throws(ARMExpressionError) -> JSONValue {
        let values = call.arguments.count == 1 ? (call.arguments[0].arrayValue ?? call.arguments) : call.arguments
        var numbers: [Int64] = []
        for value in values {
            guard case .integer(let number) = value else { throw call.invalid("takes ints or an array of ints") }
            numbers.append(number)
        }
        guard let result = smallest ? numbers.min() : numbers.max() else { throw call.invalid("the array is empty") }
        return .integer(result)
    }
}
