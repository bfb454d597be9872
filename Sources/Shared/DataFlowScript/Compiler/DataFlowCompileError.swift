/// The statement a compile error belongs to: its stream name and transformation, and where in the
/// script the offending part is written.
public struct CompileSite: Sendable, Hashable, CustomStringConvertible {
    /// The statement's stream name (after `~>`); empty for the parameters block.
    public var stream: String
    /// The transformation as written (`derive`, `join`), or `parameters`.
    public var transformation: String
    public var position: SourcePosition

    public init(stream: String, transformation: String, at position: SourcePosition) {
        self.stream = stream
        self.transformation = transformation
        self.position = position
    }

    public var description: String {
        stream.isEmpty ? "\(position) (\(transformation))" : "\(position) (\(transformation) '\(stream)')"
    }
}

/// Why a data flow could not be compiled into a plan. Every message starts with the line and
/// column and names the statement's transformation and stream.
public enum DataFlowCompileError: Error, Sendable, Equatable {
    /// A transformation pipehost does not compile yet (pivot, flatten, external call …).
    case unsupportedTransformation(at: CompileSite)
    /// An option or argument of a transformation that pipehost does not compile yet, with why.
    case unsupportedOption(String, detail: String, at: CompileSite)
    /// A required argument is missing or has the wrong form; `expected` says what belongs there.
    case invalidArgument(String, expected: String, at: CompileSite)
    /// A function that is not a data flow function or that pipehost does not compile yet.
    case unsupportedFunction(String, at: CompileSite)
    /// A function called with a number of arguments it does not take.
    case wrongArgumentCount(function: String, expected: String, found: Int, at: CompileSite)
    /// A function argument that must be known when compiling (a format, a type size, a column name).
    case constantRequired(function: String, argument: String, at: CompileSite)
    /// Syntax the compiler does not translate (cached lookups, locals, `? type`), with what it is.
    case unsupportedExpression(String, at: CompileSite)
    /// `+` whose operands' types are unknown: ADF adds numbers but joins strings.
    case ambiguousOperator(String, at: CompileSite)
    /// `$name` where the script declares no such parameter.
    case unknownParameter(String, at: CompileSite)
    /// A parameter with no default and no value given.
    case missingParameterValue(String, at: CompileSite)
    /// A parameter value that is not of the parameter's type.
    case invalidParameterValue(String, expected: String, found: String, at: CompileSite)
    /// A source or sink whose store the caller did not resolve.
    case missingStore(at: CompileSite)
    /// Something needs every column of the input known when compiling (rule-based mapping,
    /// `byPosition`), and the input's columns are not all known.
    case schemaRequired(String, at: CompileSite)
    /// A column that a stream whose columns are all known does not have.
    case unknownColumn(String, known: [String], at: CompileSite)
    /// A type name that is not a data flow type.
    case unknownType(String, at: CompileSite)
    /// A date or time format letter that Spark's patterns do not support.
    case unsupportedDateFormat(String, detail: String, at: CompileSite)
}

extension DataFlowCompileError: CustomStringConvertible {
    public var site: CompileSite {
        switch self {
        case .unsupportedTransformation(let at), .unsupportedOption(_, _, let at), .invalidArgument(_, _, let at),
            .unsupportedFunction(_, let at), .wrongArgumentCount(_, _, _, let at), .constantRequired(_, _, let at),
            .unsupportedExpression(_, let at), .ambiguousOperator(_, let at), .unknownParameter(_, let at),
            .missingParameterValue(_, let at), .invalidParameterValue(_, _, _, let at), .missingStore(let at),
            .schemaRequired(_, let at), .unknownColumn(_, _, let at), .unknownType(_, let at),
            .unsupportedDateFormat(_, _, let at):
            at
        }
    }

    public var position: SourcePosition { site.position }

    public var description: String { "\(site): \(detail)" }

    /// The message without the position and statement.
    public var detail: String {
        switch self {
        case .unsupportedTransformation(let site):
            return "transformation '\(site.transformation)' is not supported yet"
                + " (docs/data-flows.md lists the transformations pipehost compiles)"
        case .unsupportedOption(let option, let detail, _):
            return "'\(option)' is not supported yet: \(detail)"
        case .invalidArgument(let what, let expected, _):
            return "\(what) must be \(expected)"
        case .unsupportedFunction(let name, _):
            return "the function '\(name)' is not supported (docs/data-flows.md lists the functions pipehost compiles)"
        case .wrongArgumentCount(let function, let expected, let found, _):
            return "'\(function)' takes \(expected), found \(found)"
        case .constantRequired(let function, let argument, _):
            return "the \(argument) of '\(function)' must be a literal or a parameter, known when the data flow starts"
        case .unsupportedExpression(let what, _):
            return "\(what) is not supported yet"
        case .ambiguousOperator(let symbol, _):
            return "cannot tell whether '\(symbol)' adds numbers or joins strings: neither operand's type is known "
                + "(declare the columns in the source's output(...), or write concat(...) for strings or "
                + "convert with toInteger/toDouble/... for numbers)"
        case .unknownParameter(let name, _):
            return "the parameter '$\(name)' is not declared in the parameters{...} block"
        case .missingParameterValue(let name, _):
            return "the parameter '\(name)' has no default value and no value was given "
                + "(pass it in the activity's dataflow parameters, or --parameter \(name)=VALUE)"
        case .invalidParameterValue(let name, let expected, let found, _):
            return "the value given for the parameter '\(name)' must be \(expected), found \(found)"
        case .missingStore(let site):
            return
                "no store was resolved for '\(site.stream)' (its dataset or inline dataset must name a supported store)"
        case .schemaRequired(let what, _):
            return "\(what) needs every column of the input known when compiling; declare the source's columns in "
                + "output(...) with allowSchemaDrift: false, or map the columns by name"
        case .unknownColumn(let name, let known, _):
            return "the input has no column '\(name)' (its columns: \(known.joined(separator: ", ")))"
        case .unknownType(let name, _):
            return "'\(name)' is not a data flow type (string, integer, long, double, decimal(p,s), boolean, date, "
                + "timestamp, …)"
        case .unsupportedDateFormat(let format, let detail, _):
            return "the date format '\(format)' cannot be translated to Spark: \(detail)"
        }
    }
}
