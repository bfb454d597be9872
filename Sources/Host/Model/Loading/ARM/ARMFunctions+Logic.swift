import PipehostJSON

extension ARMFunctions {
    /// Logical and comparison functions (`if` is the context's: only its taken branch is evaluated).
    static let logic: [ARMFunction] = [
        ARMFunction("true", 0...0) { _ in true },
        ARMFunction("false", 0...0) { _ in false },
        ARMFunction("null", 0...0) { _ in .null },
        ARMFunction("equals", 2...2) { call in .bool(call.arguments[0] == call.arguments[1]) },
        ARMFunction("not", 1...1) { call throws(ARMExpressionError) in .bool(!(try call.bool(0))) },
        ARMFunction("and", 2...many) { call throws(ARMExpressionError) in
            for index in call.arguments.indices {
                guard try call.bool(index) else { return false }
            }
            return true
        },
        ARMFunction("or", 2...many) { call throws(ARMExpressionError) in
            for index in call.arguments.indices {
                if try call.bool(index) { return true }
            }
            return false
        },
        ARMFunction("bool", 1...1) { call throws(ARMExpressionError) in
            switch call.arguments[0] {
            case .bool: return call.arguments[0]
            case .integer(let number): return .bool(number != 0)
            case .string(let text) where text.lowercased() == "true": return true
            case .string(let text) where text.lowercased() == "false": return false
            default: throw call.invalid("\(call.arguments[0]) is not true, false or a number")
            }
        },
        ARMFunction("greater", 2...2) { call throws(ARMExpressionError) in .bool(try compare(call) > 0) },
        ARMFunction("greaterOrEquals", 2...2) { call throws(ARMExpressionError) in .bool(try compare(call) >= 0) },
        ARMFunction("less", 2...2) { call throws(ARMExpressionError) in .bool(try compare(call) < 0) },
        ARMFunction("lessOrEquals", 2...2) { call throws(ARMExpressionError) in .bool(try compare(call) <= 0) },
    ]

    /// -1, 0 or 1 comparing two ints or two strings (ordinally).
    static func compare(_ call: ARMFunctionCall) throws(ARMExpressionError) -> Int {
        switch (call.arguments[0], call.arguments[1]) {
        case (.integer(let left), .integer(let right)): return left < right ? -1 : left == right ? 0 : 1
        case (.string(let left), .string(let right)): return left < right ? -1 : left == right ? 0 : 1
        default: throw call.invalid("compares two ints or two strings, but was given \(ARMValues.typeName(call.arguments[0])) and \(ARMValues.typeName(call.arguments[1]))")
        }
    }
}
