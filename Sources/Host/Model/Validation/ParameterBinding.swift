import PipehostJSON

extension ParameterType {
    /// Whether `value` is a valid value of this type. Int accepts only whole numbers; Float any
    /// number; Object any object or array.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.secureString, .string): true
        case (.int, .integer): true
        case (.float, .integer), (.float, .double): true
        case (.bool, .bool): true
        case (.array, .array): true
        case (.object, .object), (.object, .array): true
        default: false
        }
    }

    /// The value a command-line `name=value` text stands for: strings as they are, numbers and
    /// booleans parsed, arrays and objects as JSON. `nil` when the text is not a value of this type.
    public func coerce(_ text: String) -> JSONValue? {
        switch self {
        case .string, .secureString:
            return .string(text)
        case .int:
            return Int64(text.trimmingSpaces).map(JSONValue.integer)
        case .float:
            if let integer = Int64(text.trimmingSpaces) { return .integer(integer) }
            return Double(text.trimmingSpaces).flatMap { $0.isFinite ? .double($0) : nil }
        case .bool:
            switch text.trimmingSpaces.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .array, .object:
            guard let value = try? JSONParser.parse(text), accepts(value) else { return nil }
            return value
        }
    }

    /// What a value of this type looks like, for messages.
    public var example: String {
        switch self {
        case .string, .secureString: "text"
        case .int: "a whole number such as 42"
        case .float: "a number such as 4.2"
        case .bool: "true or false"
        case .array: "a JSON array such as [\"a\",\"b\"]"
        case .object: "a JSON object such as {\"k\":\"v\"}"
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension ParameterType {
    /// `value` as a value of this type: itself when it is one, or a string converted the way ADF
    /// converts a string given for a typed parameter (`"1"` → 1 for an Int, `"true"` → true for a
    /// Bool, a JSON text → the array or object it holds). `nil` when it is neither.
    public func converted(_ value: JSONValue) -> JSONValue? {
        if accepts(value) { return value }
        guard case .string(let text) = value else { return nil }
        return coerce(text)
    }
}

/// How strictly `ParameterBinding` binds: which gaps refuse a run and which ADF lets through.
/// Values the callee does not declare are never bound; strings converted to the declared type are
/// always a warning.
public struct BindingRules: Sendable, Hashable {
    /// A parameter without a default value given no value: `.error`, or `.warning` and the
    /// parameter is left out (an expression that reads it fails its activity).
    public var missingValue: ValidationProblem.Severity
    /// A value that is not of the declared type and cannot be converted to it.
    public var unconvertible: ValidationProblem.Severity
    /// A value for a parameter that is not declared: `.warning` where a factory passes it (ADF
    /// ignores it), `.error` for pipehost's own command line, where it is most likely a typo.
    public var undeclared: ValidationProblem.Severity
    /// What happens at run time to what a warning reports, for its message.
    public var consequence: String

    public init(
        missingValue: ValidationProblem.Severity, unconvertible: ValidationProblem.Severity,
        undeclared: ValidationProblem.Severity = .warning, consequence: String
    ) {
        self.missingValue = missingValue
        self.unconvertible = unconvertible
        self.undeclared = undeclared
        self.consequence = consequence
    }

    /// A run about to start (`pipehost run`, ADF's createRun): every gap refuses it.
    public static let runStart = BindingRules(
        missingValue: .error, unconvertible: .error, undeclared: .error, consequence: "the run does not start")
    /// A child run that ExecutePipeline starts: ADF starts it without a missing value; a value that
    /// cannot be converted fails the ExecutePipeline activity.
    public static let childRun = BindingRules(
        missingValue: .warning, unconvertible: .error, consequence: "the ExecutePipeline activity fails")
    /// What an ExecutePipeline activity passes, checked ahead of the run.
    public static let executePipeline = BindingRules(
        missingValue: .warning, unconvertible: .warning, consequence: "the ExecutePipeline activity fails when it runs")
    /// What a dataset or linked service reference passes, checked ahead of the run. A parameter
    /// given no value is left out, as ADF leaves it out: only an expression reading it fails.
    public static let resourceReference = BindingRules(
        missingValue: .warning, unconvertible: .warning, consequence: "the activity that makes the reference fails when it runs")
    /// A dataset or linked service resolved for an activity at run time.
    public static let resourceResolution = BindingRules(
        missingValue: .warning, unconvertible: .error, consequence: "the activity fails")
}

/// Binds supplied values to declared parameters: applies defaults, converts strings to declared
/// types as ADF does, and reports missing, unknown and mistyped values, all at once.
public enum ParameterBinding {
    /// - Parameters:
    ///   - owner: what declares the parameters, for messages (`pipeline 'copy'`).
    ///   - supplied: values by name; `nil` values are treated as not supplied. Expressions are
    ///     bound as they are (validation sees them before they are evaluated).
    ///   - suppliedLocation: where the values came from (a file, the command line, an activity).
    ///   - rules: which problems are errors; see ``BindingRules``.
    public static func bind(
        _ specifications: [ParameterSpecification], owner: ParameterOwner, supplied: JSONObject,
        suppliedLocation: SourceLocation, rules: BindingRules
    ) -> (values: JSONObject, problems: [ValidationProblem]) {
        var values = JSONObject()
        var problems: [ValidationProblem] = []
        // Names match as ADF's do: exactly, or else ignoring case (`pipeline().parameters.x` finds `X`).
        func suppliedValue(_ name: String) -> JSONValue? { supplied[name] ?? supplied[caseInsensitive: name] }
        for member in supplied where !specifications.contains(where: { $0.name.lowercased() == member.key.lowercased() }) {
            let declared = specifications.map { "'\($0.name)'" }.joined(separator: ", ")
            problems.append(ValidationProblem(
                .unknownParameter, at: suppliedLocation.member(member.key),
                "\(owner) has no parameter '\(member.key)'"
                    + (declared.isEmpty ? "; it declares none" : "; it declares \(declared)")
                    + (rules.undeclared == .warning ? " (ADF ignores a value for a parameter that is not declared, and so does pipehost)" : ""),
                severity: rules.undeclared))
        }
        for specification in specifications {
            let value = suppliedValue(specification.name) ?? specification.defaultValue
            guard let value else {
                problems.append(missing(specification, owner: owner, at: suppliedLocation, rules: rules))
                continue
            }
            // ADF passes null for a parameter of any type (`@coalesce(null)` for "no folder").
            guard !value.isExpression, !value.isNull, !specification.type.accepts(value) else {
                values[specification.name] = value
                continue
            }
            let source = suppliedValue(specification.name) == nil
                ? specification.location.member("defaultValue") : suppliedLocation.member(specification.name)
            // A secure value is never repeated in a message.
            let shown = specification.type.isSecret ? "" : " \(value.abbreviatedDescription)"
            let declared = "parameter '\(specification.name)' of \(owner) is \(specification.type.rawValue), but the value\(shown) is \(value.typeName.lowercased())"
            if let converted = specification.type.converted(value) {
                problems.append(ValidationProblem(
                    .typeMismatch, at: source,
                    "\(declared): it is converted to \(specification.type.rawValue) \(converted.abbreviatedDescription), as ADF converts it",
                    severity: .warning))
                values[specification.name] = converted
                continue
            }
            problems.append(ValidationProblem(
                .typeMismatch, at: source,
                "\(declared) that cannot be converted; give \(specification.type.example)"
                    + (rules.unconvertible == .warning ? " (\(rules.consequence))" : ""),
                severity: rules.unconvertible))
        }
        return (values, problems)
    }

    /// A declared default value that is not of the parameter's type: a warning either way, since
    /// ADF publishes such declarations. A string is converted where the value is bound; any
    /// other mismatch fails the run or activity that needs the default (a run about to start
    /// reports it as an error when its parameters are bound).
    public static func defaultValueProblem(_ specification: ParameterSpecification, owner: ParameterOwner) -> ValidationProblem? {
        guard let value = specification.defaultValue, !value.isExpression, !value.isNull,
            !specification.type.accepts(value)
        else { return nil }
        let shown = specification.type.isSecret ? "" : " \(value.abbreviatedDescription)"
        let declared = "the default value\(shown) of parameter '\(specification.name)' of \(owner) is \(value.typeName.lowercased()), but the parameter is \(specification.type.rawValue)"
        let message = specification.type.converted(value).map {
            "\(declared): it is converted to \(specification.type.rawValue) \($0.abbreviatedDescription), as ADF converts it"
        } ?? "\(declared) and the value cannot be converted; give \(specification.type.example) (a run that needs the default fails)"
        return ValidationProblem(.typeMismatch, at: specification.location.member("defaultValue"), message, severity: .warning)
    }

    private static func missing(
        _ specification: ParameterSpecification, owner: ParameterOwner, at location: SourceLocation, rules: BindingRules
    ) -> ValidationProblem {
        let parameter = "parameter '\(specification.name)' (\(specification.type.rawValue))"
        guard rules.missingValue == .warning else {
            return ValidationProblem(
                .missingParameter, at: location,
                "\(owner) requires \(parameter), which has no default value: give it a value")
        }
        return ValidationProblem(
            .missingParameter, at: location,
            "\(owner) declares \(parameter) without a default value, and none is given: \(owner.goesOnAnyway), as in ADF, "
                + "and an expression that reads \(owner.reading(specification.name)) fails its activity",
            severity: .warning)
    }
}
