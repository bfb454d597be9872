import PipehostJSON

/// Reads a factory from an ARM template as ADF exports it (`ARMTemplateForFactory.json`):
/// `resources` of type `Microsoft.DataFactory/factories/{pipelines,linkedServices,datasets}`, with
/// names like `[concat(parameters('factoryName'), '/copy')]` and values like
/// `[parameters('Sql_connectionString')]` taken from the template parameters' default values.
enum ARMTemplateReader {
    static let resourcePrefix = "microsoft.datafactory/factories"

    /// Whether `value` looks like an ARM deployment template holding Data Factory resources.
    static func isTemplate(_ value: JSONValue) -> Bool {
        guard let resources = value[caseInsensitive: "resources"]?.arrayValue else { return false }
        if let schema = value["$schema"]?.stringValue, schema.contains("deploymentTemplate") { return true }
        return resources.contains { ($0[caseInsensitive: "type"]?.stringValue ?? "").lowercased().hasPrefix(resourcePrefix) }
    }

    static func read(_ template: JSONValue, file: String, problems: inout [ValidationProblem]) -> Factory {
        let root = SourceLocation(file: file)
        let evaluator = ARMExpressionEvaluator(
            parameters: template[caseInsensitive: "parameters"]?.objectValue ?? [:],
            variables: template[caseInsensitive: "variables"]?.objectValue ?? [:])
        let factoryName = evaluator.parameters[caseInsensitive: "factoryName"]?[caseInsensitive: "defaultValue"]?.stringValue
        var factory = Factory(name: factoryName ?? "factory")
        let resources = template[caseInsensitive: "resources"]?.arrayValue ?? []
        let resourcesLocation = root.member("resources")

        for (index, resource) in resources.enumerated() {
            let location = resourcesLocation.element(index)
            guard let type = resource[caseInsensitive: "type"]?.stringValue?.lowercased(), type.hasPrefix(resourcePrefix)
            else { continue }
            let kind = type.dropFirst(resourcePrefix.count)
            guard kind.hasPrefix("/") || kind.isEmpty else { continue }
            var evaluated = evaluator.evaluate(resource, at: location, problems: &problems)
            // The resource name is "<factory>/<name>"; the part after the last slash is ours.
            if let fullName = evaluated[caseInsensitive: "name"]?.stringValue,
                case .object(var object) = evaluated
            {
                let shortName = fullName.split(separator: "/").last.map(String.init) ?? fullName
                object["name"] = .string(shortName)
                evaluated = .object(object)
            }
            switch kind {
            case "/pipelines":
                if let pipeline = ResourceDecoding.pipeline(evaluated, at: location, problems: &problems) {
                    factory.add(pipeline, reportingDuplicatesIn: &problems)
                }
            case "/linkedservices":
                if let service = ResourceDecoding.linkedService(evaluated, at: location, problems: &problems) {
                    if let existing = factory.add(service) {
                        problems.append(Factory.duplicate("linked service", service.name, service.location, existing.location))
                    }
                }
            case "/datasets":
                if let dataset = ResourceDecoding.dataset(evaluated, at: location, problems: &problems) {
                    if let existing = factory.add(dataset) {
                        problems.append(Factory.duplicate("dataset", dataset.name, dataset.location, existing.location))
                    }
                }
            case "/globalparameters":
                for (name, declaration) in evaluated[caseInsensitive: "properties"]?.objectValue ?? [:] {
                    factory.globalParameters[name] = declaration[caseInsensitive: "value"] ?? .null
                }
                factory.globalParametersLocation = location
            case "":
                for (name, declaration) in evaluated[caseInsensitive: "properties"]?[caseInsensitive: "globalParameters"]?
                    .objectValue ?? [:]
                {
                    factory.globalParameters[name] = declaration[caseInsensitive: "value"] ?? .null
                }
                factory.globalParametersLocation = location
            default:
                continue  // triggers, integration runtimes, data flows, …: not needed to run a pipeline
            }
        }
        return factory
    }
}

/// The small part of the ARM template language that ADF exports use: `parameters('x')`,
/// `variables('x')`, `concat(…)` and string literals; `[[` escapes a literal bracket.
struct ARMExpressionEvaluator {
    let parameters: JSONObject
    let variables: JSONObject

    /// `value` with every ARM expression string replaced by its value.
    func evaluate(_ value: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.hasPrefix("["), text.hasSuffix("]") else { return value }
            if text.hasPrefix("[[") { return .string(String(text.dropFirst())) }
            let body = String(text.dropFirst().dropLast())
            var parser = Parser(text: Array(body.utf8), evaluator: self)
            if let result = parser.parseExpression(), parser.atEnd {
                return result
            }
            problems.append(ValidationProblem(
                .invalidValue, at: location,
                "the ARM expression \(text) uses functions pipehost does not evaluate (parameters, variables, concat); it is kept as text",
                severity: .warning))
            return value
        case .array(let elements):
            return .array(elements.enumerated().map { evaluate($1, at: location.element($0), problems: &problems) })
        case .object(let object):
            var result = JSONObject()
            for member in object {
                result[member.key] = evaluate(member.value, at: location.member(member.key), problems: &problems)
            }
            return .object(result)
        default:
            return value
        }
    }

    private struct Parser {
        let text: [UInt8]
        let evaluator: ARMExpressionEvaluator
        var position = 0

        init(text: [UInt8], evaluator: ARMExpressionEvaluator) {
            self.text = text
            self.evaluator = evaluator
        }

        var atEnd: Bool {
            mutating get {
                skipSpaces()
                return position == text.count
            }
        }

        mutating func skipSpaces() {
            while position < text.count, text[position] == UInt8(ascii: " ") { position += 1 }
        }

        mutating func parseExpression() -> JSONValue? {
            skipSpaces()
            guard position < text.count else { return nil }
            if text[position] == UInt8(ascii: "'") { return parseString() }
            let start = position
            while position < text.count, text[position].isIdentifierByte { position += 1 }
            guard position > start else { return nil }
            let name = String(decoding: text[start..<position], as: UTF8.self).lowercased()
            skipSpaces()
            guard position < text.count, text[position] == UInt8(ascii: "(") else { return nil }
            position += 1
            var arguments: [JSONValue] = []
            skipSpaces()
            if position < text.count, text[position] == UInt8(ascii: ")") {
                position += 1
            } else {
                while true {
                    guard let argument = parseExpression() else { return nil }
                    arguments.append(argument)
                    skipSpaces()
                    guard position < text.count else { return nil }
                    if text[position] == UInt8(ascii: ",") { position += 1; continue }
                    if text[position] == UInt8(ascii: ")") { position += 1; break }
                    return nil
                }
            }
            return call(name, arguments)
        }

        mutating func parseString() -> JSONValue? {
            position += 1
            var bytes: [UInt8] = []
            while position < text.count {
                if text[position] == UInt8(ascii: "'") {
                    if position + 1 < text.count, text[position + 1] == UInt8(ascii: "'") {
                        bytes.append(UInt8(ascii: "'"))
                        position += 2
                        continue
                    }
                    position += 1
                    return .string(String(decoding: bytes, as: UTF8.self))
                }
                bytes.append(text[position])
                position += 1
            }
            return nil
        }

        func call(_ name: String, _ arguments: [JSONValue]) -> JSONValue? {
            switch name {
            case "parameters":
                guard arguments.count == 1, let key = arguments[0].stringValue,
                    let declaration = evaluator.parameters[caseInsensitive: key]
                else { return nil }
                return declaration[caseInsensitive: "defaultValue"]
            case "variables":
                guard arguments.count == 1, let key = arguments[0].stringValue else { return nil }
                return evaluator.variables[caseInsensitive: key]
            case "concat":
                if arguments.allSatisfy({ $0.arrayValue != nil }) {
                    return .array(arguments.flatMap { $0.arrayValue ?? [] })
                }
                var result = ""
                for argument in arguments {
                    switch argument {
                    case .string(let text): result += text
                    case .null: continue
                    default: result += JSONSerializer.serialize(argument)
                    }
                }
                return .string(result)
            default:
                return nil
            }
        }
    }
}

extension UInt8 {
    fileprivate var isIdentifierByte: Bool {
        (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || (self >= 0x30 && self <= 0x39) || self == 0x5F
    }
}
