import PipehostJSON

/// A template's parameters and variables, and the values supplied for its parameters: evaluates
/// ARM expressions against them.
///
/// Parameters and variables are evaluated when first used and then remembered; a reference that
/// comes back to itself is reported as ``ARMExpressionError/circularReference(chain:)``. Every
/// recursive step (into a JSON value, an expression node or a reference) counts against
/// ``maximumDepth``, so no template can exhaust the stack.
final class ARMTemplateContext {
    /// The deepest evaluation allowed, all kinds of nesting together.
    static let maximumDepth = 1024

    let parameterDeclarations: JSONObject
    let variableDeclarations: JSONObject
    let supplied: ARMTemplateParameterValues
    /// When set, a parameter without a value evaluates to ``placeholder(for:)`` instead of failing,
    /// so that the literal parts of a resource name can still be found.
    var usesPlaceholders = false

    private var parameterCache: [String: JSONValue] = [:]
    private var variableCache: [String: JSONValue] = [:]
    private var resolving: [String] = []
    private var depth = 0

    init(template: JSONValue, supplied: ARMTemplateParameterValues = ARMTemplateParameterValues()) {
        parameterDeclarations = template[caseInsensitive: "parameters"]?.objectValue ?? [:]
        variableDeclarations = template[caseInsensitive: "variables"]?.objectValue ?? [:]
        self.supplied = supplied
    }

    /// The text standing for a parameter without a value in placeholder mode.
    static func placeholder(for name: String) -> String { "\u{0}\(name)\u{0}" }

    /// The parameter a placeholder in `text` stands for, if it holds one.
    static func placeholderParameter(in text: String) -> String? {
        let parts = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    // MARK: Evaluating

    /// `value` with every expression string in it evaluated (arrays and objects member by member).
    func evaluate(_ value: JSONValue) throws(ARMExpressionError) -> JSONValue {
        try descend { () throws(ARMExpressionError) in
            switch value {
            case .string(let text):
                switch ARMExpression.classify(text) {
                case .literal(let literal): return .string(literal)
                case .expression(let source): return try self.value(of: ARMExpressionParser.parse(source))
                }
            case .array(let elements):
                var result: [JSONValue] = []
                result.reserveCapacity(elements.count)
                for element in elements { result.append(try evaluate(element)) }
                return .array(result)
            case .object(let object):
                var members: [(key: String, value: JSONValue)] = []
                for member in object { members.append((member.key, try evaluate(member.value))) }
                return .object(JSONObject(uniqueMembers: members))
            default:
                return value
            }
        }
    }

    /// The value of a parsed expression.
    func value(of expression: ARMExpression) throws(ARMExpressionError) -> JSONValue {
        try descend { () throws(ARMExpressionError) in
            switch expression {
            case .string(let text): return .string(text)
            case .integer(let number): return .integer(number)
            case .property(let base, let name):
                return try ARMValues.property(name, of: try value(of: base))
            case .index(let base, let index):
                return try ARMValues.element(try value(of: index), of: try value(of: base))
            case .call(let name, let arguments):
                return try call(name, arguments)
            }
        }
    }

    private func call(_ name: String, _ arguments: [ARMExpression]) throws(ARMExpressionError) -> JSONValue {
        let key = name.lowercased()
        switch key {
        case "if":
            // Only the branch taken is evaluated, as ARM does.
            guard arguments.count == 3 else {
                throw .argumentCount(function: "if", expected: "3 arguments", found: arguments.count)
            }
            let condition = try value(of: arguments[0])
            guard case .bool(let flag) = condition else {
                throw .argumentType(function: "if", position: 1, expected: "a bool", found: ARMValues.typeName(condition))
            }
            return try value(of: arguments[flag ? 1 : 2])
        case "parameters", "variables":
            guard arguments.count == 1 else {
                throw .argumentCount(function: key, expected: "1 argument (a name)", found: arguments.count)
            }
            let nameValue = try value(of: arguments[0])
            guard case .string(let referenced) = nameValue else {
                throw .argumentType(function: key, position: 1, expected: "a string", found: ARMValues.typeName(nameValue))
            }
            return key == "parameters" ? try parameter(referenced) : try variable(referenced)
        default:
            guard let function = ARMFunctions.table[key] else {
                if ARMFunctions.deploymentFunctions.contains(key) || key.hasPrefix("list") {
                    throw .needsDeployment(function: name)
                }
                throw .unknownFunction(name: name)
            }
            var values: [JSONValue] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try value(of: argument)) }
            guard function.arity.contains(values.count) else {
                throw .argumentCount(function: function.name, expected: function.arityDescription, found: values.count)
            }
            return try function.body(ARMFunctionCall(name: function.name, arguments: values))
        }
    }

    // MARK: References

    /// A parameter's value: supplied, else its evaluated `defaultValue`.
    func parameter(_ name: String) throws(ARMExpressionError) -> JSONValue {
        let key = name.lowercased()
        if let cached = parameterCache[key] { return cached }
        guard let member = parameterDeclarations.member(caseInsensitive: name) else {
            throw .unknownParameter(name: name, declared: parameterDeclarations.members.map(\.key))
        }
        let value: JSONValue
        switch supplied[member.key] {
        case .value(let suppliedValue)?:
            value = suppliedValue
        case .keyVaultReference?:
            if usesPlaceholders { return .string(Self.placeholder(for: member.key)) }
            throw .keyVaultParameter(name: member.key)
        case nil:
            guard let defaultValue = member.value[caseInsensitive: "defaultValue"] else {
                if usesPlaceholders { return .string(Self.placeholder(for: member.key)) }
                throw .parameterWithoutValue(name: member.key)
            }
            value = try resolve("parameters('\(member.key)')") { () throws(ARMExpressionError) in try evaluate(defaultValue) }
        }
        if !usesPlaceholders { parameterCache[key] = value }
        return value
    }

    /// A variable's evaluated value.
    func variable(_ name: String) throws(ARMExpressionError) -> JSONValue {
        let key = name.lowercased()
        if let cached = variableCache[key] { return cached }
        guard let member = variableDeclarations.member(caseInsensitive: name) else {
            throw .unknownVariable(name: name, declared: variableDeclarations.members.filter { $0.key.lowercased() != "copy" }.map(\.key))
        }
        let value = try resolve("variables('\(member.key)')") { () throws(ARMExpressionError) in try evaluate(member.value) }
        // A value that used placeholders is not the variable's value: recompute it when asked again.
        if !usesPlaceholders { variableCache[key] = value }
        return value
    }

    private func resolve(_ reference: String, _ body: () throws(ARMExpressionError) -> JSONValue) throws(ARMExpressionError) -> JSONValue {
        if let start = resolving.firstIndex(of: reference) {
            throw .circularReference(chain: Array(resolving[start...]) + [reference])
        }
        resolving.append(reference)
        defer { resolving.removeLast() }
        return try body()
    }

    private func descend(_ body: () throws(ARMExpressionError) -> JSONValue) throws(ARMExpressionError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw .nestedTooDeep(limit: Self.maximumDepth) }
        depth += 1
        defer { depth -= 1 }
        return try body()
    }
}
