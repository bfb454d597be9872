import PipehostJSON

/// The values supplied for a template's parameters (from `--template-parameters FILE` and
/// `--template-parameter name=value`), converted to each parameter's declared type.
struct ARMTemplateParameterValues {
    /// A supplied value, or a Key Vault reference that only a deployment can resolve.
    enum Value: Equatable {
        case value(JSONValue)
        case keyVaultReference
    }

    private var values: [String: Value] = [:]

    init() {}

    subscript(name: String) -> Value? { values[name.lowercased()] }

    /// A value as given, before its parameter's type is known.
    struct Given {
        enum Content {
            /// From the parameters file: JSON already.
            case json(JSONValue)
            /// From the command line: text to read by the declared type.
            case text(String)
            case keyVaultReference
        }

        let name: String
        let content: Content
        /// `--template-parameters FILE` or `--template-parameter`, for messages.
        let option: String
    }

    /// Reads the parameters file and the `name=value` pairs (the pairs last, so they win).
    static func given(_ options: FactoryLoadOptions) throws(FactoryLoadError) -> [Given] {
        var result: [Given] = []
        if let file = options.templateParametersFile {
            let option = "--template-parameters \(file)"
            let json: JSONValue
            switch FactoryLoader.readJSON(file) {
            case .success(let value): json = value
            case .failure(let problem): throw .invalidTemplateParameters(option: option, reason: problem.message)
            }
            guard let parameters = json[caseInsensitive: "parameters"]?.objectValue else {
                throw .invalidTemplateParameters(
                    option: option,
                    reason: "expected an ARM parameters file: {\"$schema\": …, \"contentVersion\": …, \"parameters\": {\"name\": {\"value\": …}}}")
            }
            for member in parameters {
                if let value = member.value[caseInsensitive: "value"] {
                    result.append(Given(name: member.key, content: .json(value), option: option))
                } else if member.value[caseInsensitive: "reference"] != nil {
                    result.append(Given(name: member.key, content: .keyVaultReference, option: option))
                } else {
                    throw .invalidTemplateParameters(
                        option: option, reason: "parameters.\(member.key) has neither \"value\" nor a Key Vault \"reference\"")
                }
            }
        }
        for pair in options.templateParameters {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .invalidTemplateParameters(option: "--template-parameter \(pair)", reason: "expected name=value")
            }
            result.append(Given(
                name: String(pair[..<equals]), content: .text(String(pair[pair.index(after: equals)...])),
                option: "--template-parameter"))
        }
        return result
    }

    /// The given values of the parameters `declarations` declares, converted to their types;
    /// values for other names are left for the caller to report (a folder may hold several templates).
    static func bind(_ given: [Given], to declarations: JSONObject) throws(FactoryLoadError) -> ARMTemplateParameterValues {
        var result = ARMTemplateParameterValues()
        for item in given {
            guard let declaration = declarations.member(caseInsensitive: item.name) else { continue }
            let type = (declaration.value[caseInsensitive: "type"]?.stringValue ?? "string").lowercased()
            switch item.content {
            case .keyVaultReference:
                result.values[item.name.lowercased()] = .keyVaultReference
            case .json(let value):
                guard accepts(type, value) else {
                    throw .invalidTemplateParameter(
                        option: item.option, name: declaration.key,
                        reason: "the parameter is \(type), but the file gives \(ARMValues.typeName(value))")
                }
                result.values[item.name.lowercased()] = .value(value)
            case .text(let text):
                guard let value = convert(text, to: type) else {
                    throw .invalidTemplateParameter(
                        option: item.option, name: declaration.key, reason: "the parameter is \(type); give \(example(type))")
                }
                result.values[item.name.lowercased()] = .value(value)
            }
        }
        return result
    }

    private static func accepts(_ type: String, _ value: JSONValue) -> Bool {
        switch (type, value) {
        case ("string", .string), ("securestring", .string), ("int", .integer), ("bool", .bool), ("array", .array),
            ("object", .object), ("secureobject", .object):
            true
        case (_, .null):
            true
        default:
            !["string", "securestring", "int", "bool", "array", "object", "secureobject"].contains(type)
        }
    }

    private static func convert(_ text: String, to type: String) -> JSONValue? {
        switch type {
        case "int":
            return Int64(text).map(JSONValue.integer)
        case "bool":
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case "object", "secureobject", "array":
            guard let value = try? JSONParser.parse(text) else { return nil }
            return accepts(type, value) ? value : nil
        default:
            return .string(text)
        }
    }

    private static func example(_ type: String) -> String {
        switch type {
        case "int": "a whole number, e.g. 5"
        case "bool": "true or false"
        case "array": "a JSON array, e.g. [\"a\",\"b\"]"
        default: "a JSON object, e.g. {\"key\":\"value\"}"
        }
    }
}
