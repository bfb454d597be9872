/// An expression of the data flow expression language (not the pipeline language): a column, a
/// parameter, a literal, an operator or a function call, with where it was written.
///
/// Equality compares the syntax and ignores positions, so that a script printed and read again
/// equals the one it was printed from.
public struct DataFlowExpression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case number(NumberLiteral)
        /// `'text'`.
        case string(String)
        /// `"text {expression} text"`.
        case interpolatedString([InterpolationPart])
        /// `` `regex` ``.
        case regex(String)
        /// `true`, `false` written without parentheses.
        case boolean(Bool)
        /// `null` (any case).
        case null
        /// A column named by an identifier.
        case column(String)
        /// `{column name}`.
        case quotedColumn(String)
        /// `$name`.
        case parameter(String)
        /// `$$`: the column a rule-based mapping (`each(match(…), …)`) is looking at.
        case currentColumn
        /// `#item`, `#acc`, `#index`: the variables of ADF's higher-order functions.
        case hashName(String)
        /// `:name`: a derived column's local.
        case local(String)
        case call(FunctionCall)
        case unary(UnaryOperator, DataFlowExpression)
        case binary(BinaryOperator, DataFlowExpression, DataFlowExpression)
        /// `value[index]` (1-based in ADF).
        case index(DataFlowExpression, DataFlowExpression)
        /// `value.name`, `value.{name}`.
        case field(DataFlowExpression, Name)
        /// `Stream@column`: a column of a named input, in joins and exists.
        case streamColumn(DataFlowExpression, Name)
        /// `(expression)`: kept, because ADF writes option values as `(…)` to mark them as expressions.
        case parenthesized(DataFlowExpression)
        /// `[a, b]`.
        case array([DataFlowExpression])
        /// `['key' -> value, …]`.
        case map([MapEntry])
        /// `@(name = value, …)`.
        case structure([ScriptArgument])
        /// `expression ? type`: the schema a `parse` reads text as.
        case typed(DataFlowExpression, TypeReference)
    }

    public var kind: Kind
    public var position: SourcePosition
    /// The number of nested nodes below and including this one; the parser refuses trees higher
    /// than its limit so that everything walking them recursively stays within the stack.
    public let height: Int

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
        self.height = 1 + Self.childHeight(of: kind)
    }

    public static func == (lhs: DataFlowExpression, rhs: DataFlowExpression) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    private static func childHeight(of kind: Kind) -> Int {
        switch kind {
        case .number, .string, .regex, .boolean, .null, .column, .quotedColumn, .parameter, .currentColumn,
            .hashName, .local:
            return 0
        case .interpolatedString(let parts):
            return parts.map { if case .expression(let inner) = $0 { inner.height } else { 0 } }.max() ?? 0
        case .call(let call): return call.arguments.map(\.height).max() ?? 0
        case .unary(_, let operand), .field(let operand, _), .streamColumn(let operand, _), .parenthesized(let operand):
            return operand.height
        case .binary(_, let left, let right), .index(let left, let right): return max(left.height, right.height)
        case .array(let elements): return elements.map(\.height).max() ?? 0
        case .map(let entries): return entries.map { max($0.key.height, $0.value.height) }.max() ?? 0
        case .structure(let arguments): return arguments.map(\.height).max() ?? 0
        case .typed(let operand, let type): return max(operand.height, type.height)
        }
    }
}

/// A name after `.` or `@`: an identifier, or `{quoted}` when it has spaces or symbols.
public enum Name: Sendable, Hashable {
    case plain(String)
    case quoted(String)

    public var text: String {
        switch self {
        case .plain(let text), .quoted(let text): text
        }
    }
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable, Hashable {
    case text(String)
    case expression(DataFlowExpression)
}

/// `key -> value` in a map literal.
public struct MapEntry: Sendable, Hashable {
    public var key: DataFlowExpression
    public var value: DataFlowExpression

    public init(key: DataFlowExpression, value: DataFlowExpression) {
        self.key = key
        self.value = value
    }
}

/// `name(arguments)`, or `sink#name(arguments)` for a cached sink's `lookup` and `outputs`.
public struct FunctionCall: Sendable, Hashable {
    /// The cached sink before `#`, if any.
    public var receiver: String?
    public var name: String
    public var arguments: [ScriptArgument]

    public init(receiver: String? = nil, name: String, arguments: [ScriptArgument]) {
        self.receiver = receiver
        self.name = name
        self.arguments = arguments
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

/// Binary operators, each with its precedence level (higher binds tighter).
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case bitOr = "|"
    case bitXor = "^"
    case bitAnd = "&"
    case equal = "==", notEqual = "!=", strictEqual = "===", strictNotEqual = "!==", equalIgnoringCase = "<=>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", modulo = "%"

    /// 1 (`||`) to 9 (`*`, `/`, `%`).
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .bitOr: 3
        case .bitXor: 4
        case .bitAnd: 5
        case .equal, .notEqual, .strictEqual, .strictNotEqual, .equalIgnoringCase: 6
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 7
        case .add, .subtract: 8
        case .multiply, .divide, .modulo: 9
        }
    }

    static let lowestPrecedence = 1
    static let highestPrecedence = 9
}
