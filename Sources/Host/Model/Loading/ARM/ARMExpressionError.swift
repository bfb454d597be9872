/// Why an ARM template expression could not be evaluated.
public enum ARMExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a well-formed expression; `offset` counts characters from the opening `[`'s successor.
    case syntax(expression: String, offset: Int, expected: String)
    /// Function calls, property accesses and references nest deeper than `limit`.
    case nestedTooDeep(limit: Int)
    /// No ARM function has this name.
    case unknownFunction(name: String)
    /// The function needs a deployment in Azure (`reference`, `listKeys`, `utcNow`, …).
    case needsDeployment(function: String)
    /// The function was called with too few or too many arguments.
    case argumentCount(function: String, expected: String, found: Int)
    /// An argument has the wrong type; `position` counts from 1.
    case argumentType(function: String, position: Int, expected: String, found: String)
    /// An argument has the right type but an unusable value.
    case invalidArgument(function: String, reason: String)
    /// `parameters('x')` names a parameter the template does not declare.
    case unknownParameter(name: String, declared: [String])
    /// The parameter has no `defaultValue` and no value was supplied.
    case parameterWithoutValue(name: String)
    /// The parameter's value is a Key Vault reference in the parameters file, which only a deployment resolves.
    case keyVaultParameter(name: String)
    /// `variables('x')` names a variable the template does not declare.
    case unknownVariable(name: String, declared: [String])
    /// Parameters or variables refer to each other in a circle.
    case circularReference(chain: [String])
    /// Property access on an object without that property.
    case noSuchProperty(name: String, available: [String])
    /// An array index outside the array.
    case indexOutOfRange(index: Int64, count: Int)
    /// Property or index access on a value that has no members (a string, a number, …).
    case notIndexable(typeName: String)

    /// Whether the expression is fine but needs a value the user can supply.
    public var missingParameter: String? {
        switch self {
        case .parameterWithoutValue(let name), .keyVaultParameter(let name): name
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .syntax(let expression, let offset, let expected):
            "the expression [\(expression)] is malformed at character \(offset + 1): expected \(expected)"
        case .nestedTooDeep(let limit):
            "the expression nests deeper than \(limit) levels (calls, property accesses and references to variables); simplify it"
        case .unknownFunction(let name):
            "'\(name)' is not an ARM template function pipehost evaluates (docs/factory-sources.md lists them)"
        case .needsDeployment(let function):
            "\(function)() reads a deployment or a deployed resource in Azure; pipehost cannot evaluate it locally"
        case .argumentCount(let function, let expected, let found):
            "\(function)() takes \(expected), but was given \(found)"
        case .argumentType(let function, let position, let expected, let found):
            "argument \(position) of \(function)() must be \(expected), but is \(found)"
        case .invalidArgument(let function, let reason):
            "\(function)(): \(reason)"
        case .unknownParameter(let name, let declared):
            "the template declares no parameter '\(name)'"
                + (declared.isEmpty ? " (it declares none)" : " (it declares \(declared.joined(separator: ", ")))")
        case .parameterWithoutValue(let name):
            "the template parameter '\(name)' has no defaultValue and no value was given: supply it with "
                + "--template-parameter \(name)=VALUE or --template-parameters FILE"
        case .keyVaultParameter(let name):
            "the template parameter '\(name)' is a Key Vault reference in the parameters file, which only a deployment resolves: "
                + "give its value with --template-parameter \(name)=VALUE"
        case .unknownVariable(let name, let declared):
            "the template declares no variable '\(name)'"
                + (declared.isEmpty ? " (it declares none)" : " (it declares \(declared.joined(separator: ", ")))")
        case .circularReference(let chain):
            "parameters and variables refer to each other in a circle: \(chain.joined(separator: " → "))"
        case .noSuchProperty(let name, let available):
            "the object has no property '\(name)'"
                + (available.isEmpty ? " (it has none)" : " (it has \(available.prefix(10).joined(separator: ", ")))")
        case .indexOutOfRange(let index, let count):
            "index \(index) is outside the array of \(count) elements"
        case .notIndexable(let typeName):
            "a \(typeName.lowercased()) has no properties or elements to access"
        }
    }
}
