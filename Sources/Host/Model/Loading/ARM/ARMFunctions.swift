import PipehostJSON

/// One call of an ARM function, with its arguments already evaluated, and typed access to them.
struct ARMFunctionCall {
    let name: String
    let arguments: [JSONValue]

    func string(_ index: Int) throws(ARMExpressionError) -> String {
        guard case .string(let text) = arguments[index] else { throw wrongType(index, "a string") }
        return text
    }

    func integer(_ index: Int) throws(ARMExpressionError) -> Int64 {
        guard case .integer(let number) = arguments[index] else { throw wrongType(index, "an int") }
        return number
    }

    func bool(_ index: Int) throws(ARMExpressionError) -> Bool {
        guard case .bool(let flag) = arguments[index] else { throw wrongType(index, "a bool") }
        return flag
    }

    /// Every argument as a string (for `uniqueString`, `guid`, `resourceId`).
    func strings() throws(ARMExpressionError) -> [String] {
        var result: [String] = []
        for index in arguments.indices { result.append(try string(index)) }
        return result
    }

    func wrongType(_ index: Int, _ expected: String) -> ARMExpressionError {
        .argumentType(function: name, position: index + 1, expected: expected, found: ARMValues.typeName(arguments[index]))
    }

    func invalid(_ reason: String) -> ARMExpressionError { .invalidArgument(function: name, reason: reason) }
}

/// A function of the ARM template language: its name as documented, how many arguments it takes,
/// and what it computes.
struct ARMFunction: Sendable {
    let name: String
    let arity: ClosedRange<Int>
    let body: @Sendable (ARMFunctionCall) throws(ARMExpressionError) -> JSONValue

    init(_ name: String, _ arity: ClosedRange<Int>, _ body: @escaping @Sendable (ARMFunctionCall) throws(ARMExpressionError) -> JSONValue) {
        self.name = name
        self.arity = arity
        self.body = body
    }

    var arityDescription: String {
        let count = { (n: Int) in n == 1 ? "1 argument" : "\(n) arguments" }
        if arity.lowerBound == arity.upperBound { return count(arity.lowerBound) }
        if arity.upperBound == Int.max { return "at least \(count(arity.lowerBound))" }
        return "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }
}

/// The functions pipehost evaluates (`parameters`, `variables` and `if` are the context's own:
/// they need the template or lazy arguments). Names are looked up lower-cased.
enum ARMFunctions {
    static let many = Int.max

    static let table: [String: ARMFunction] = {
        var table: [String: ARMFunction] = [:]
        for function in strings + collections + logic + numbers + resources + encodings {
            table[function.name.lowercased()] = function
        }
        return table
    }()

    /// Functions that read a deployment or deployed resources: refused with a clear message.
    static let deploymentFunctions: Set<String> = [
        "reference", "deployment", "environment", "utcnow", "newguid", "managementgroup", "pickzones", "providers",
        "listkeys", "listsecrets", "references",
    ]
}
