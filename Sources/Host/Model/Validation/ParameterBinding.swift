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

/// Binds supplied values to declared parameters: applies defaults, checks types, and reports
/// missing and unknown names, all at once.
public enum ParameterBinding {
    /// - Parameters:
    ///   - owner: what declares the parameters, for messages (`pipeline 'copy'`).
    ///   - supplied: values by name; `nil` values are treated as not supplied.
    ///   - suppliedLocation: where the values came from (a file, the command line, an activity).
    ///   - checkTypes: `false` when values may still be expressions (validation of ExecutePipeline).
    public static func bind(
        _ specifications: [ParameterSpecification], owner: String, supplied: JSONObject,
        suppliedLocation: SourceLocation, checkTypes: Bool = true
    ) -> (values: JSONObject, problems: [ValidationProblem]) {
        var values = JSONObject()
        var problems: [ValidationProblem] = []
        for member in supplied where !specifications.contains(where: { $0.name == member.key }) {
            let declared = specifications.map { "'\($0.name)'" }.joined(separator: ", ")
            problems.append(ValidationProblem(
                .unknownParameter, at: suppliedLocation.member(member.key),
                "\(owner) has no parameter '\(member.key)'"
                    + (declared.isEmpty ? "; it declares none" : "; it declares \(declared)")))
        }
        for specification in specifications {
            let value = supplied[specification.name] ?? specification.defaultValue
            guard let value else {
                problems.append(ValidationProblem(
                    .missingParameter, at: suppliedLocation,
                    "\(owner) requires parameter '\(specification.name)' (\(specification.type.rawValue)), which has no default value: give it a value"))
                continue
            }
            // ADF passes null for a parameter of any type (`@coalesce(null)` for "no folder").
            if checkTypes, !value.isExpression, !value.isNull, !specification.type.accepts(value) {
                let source = supplied[specification.name] == nil
                    ? specification.location.member("defaultValue") : suppliedLocation.member(specification.name)
                // A secure value is never repeated in a message.
                let shown = specification.type.isSecret ? "" : " \(value.abbreviatedDescription)"
                problems.append(ValidationProblem(
                    .typeMismatch, at: source,
                    "parameter '\(specification.name)' of \(owner) is \(specification.type.rawValue), but the value\(shown) is \(value.typeName.lowercased()); give \(specification.type.example)"))
                continue
            }
            values[specification.name] = value
        }
        return (values, problems)
    }
}
