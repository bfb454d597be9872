import PipehostJSON

/// One built-in function: its canonical name, how many arguments it takes, whether a call with
/// constant arguments may be computed at compile time, and its body.
struct FunctionDefinition: Sendable {
    /// A body that receives its arguments already evaluated.
    typealias Eager = @Sendable (Arguments, CallSite, EvaluationScope) throws(EvaluationFailure) -> JSONValue
    /// A body that evaluates its own arguments (`if`, `and`, `or`, `coalesce` short-circuit).
    typealias Lazy = @Sendable ([any EvaluationNode], CallSite, EvaluationScope) throws(EvaluationFailure) -> JSONValue
    /// Derives data from the constant arguments once at compile time; `nil` entries are not constant.
    typealias Prepare = @Sendable ([JSONValue?]) -> PreparedArgument?

    enum Body: Sendable {
        case eager(Eager)
        case lazy(Lazy)
    }

    let name: String
    let minimumArguments: Int
    /// `Int.max` for functions that take any number of arguments.
    let maximumArguments: Int
    /// False for functions whose result depends on more than their arguments (the clock, random
    /// numbers, the scope) or that read timestamps, which may omit the date and mean "today".
    let isFoldable: Bool
    let body: Body
    let prepare: Prepare?

    init(
        _ name: String, arguments: ClosedRange<Int>, foldable: Bool = true, prepare: Prepare? = nil,
        _ body: @escaping Eager
    ) {
        self.name = name
        self.minimumArguments = arguments.lowerBound
        self.maximumArguments = arguments.upperBound
        self.isFoldable = foldable
        self.body = .eager(body)
        self.prepare = prepare
    }

    init(_ name: String, arguments: ClosedRange<Int>, lazy body: @escaping Lazy) {
        self.name = name
        self.minimumArguments = arguments.lowerBound
        self.maximumArguments = arguments.upperBound
        self.isFoldable = true
        self.body = .lazy(body)
        self.prepare = nil
    }

    /// "exactly 2", "at least 1", "1 or 2", "between 2 and 4".
    var arityDescription: String {
        if minimumArguments == maximumArguments {
            return minimumArguments == 1 ? "exactly 1 parameter" : "exactly \(minimumArguments) parameters"
        }
        if maximumArguments == Int.max {
            return minimumArguments == 1 ? "at least 1 parameter" : "at least \(minimumArguments) parameters"
        }
        if maximumArguments == minimumArguments + 1 {
            return "\(minimumArguments) or \(maximumArguments) parameters"
        }
        return "between \(minimumArguments) and \(maximumArguments) parameters"
    }
}

/// Every function of the ADF expression language, found by name without regard to case.
enum FunctionLibrary {
    static let byLowercasedName: [String: FunctionDefinition] = {
        var table: [String: FunctionDefinition] = [:]
        let families: [[FunctionDefinition]] = [
            StringFunctions.definitions, CollectionFunctions.definitions, LogicalFunctions.definitions,
            ConversionFunctions.definitions, EncodingFunctions.definitions, MathFunctions.definitions,
            DateFunctions.definitions, XMLFunctions.definitions, ScopeFunctions.definitions,
        ]
        for family in families {
            for definition in family { table[definition.name.lowercased()] = definition }
        }
        return table
    }()

    static func definition(named name: String) -> FunctionDefinition? {
        byLowercasedName[name.lowercased()]
    }

    /// The canonical names, sorted, for documentation and tests.
    static let names: [String] = byLowercasedName.values.map(\.name).sorted()
}
