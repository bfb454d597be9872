import PipehostJSON

/// A data flow resource as ADF stores it in `dataflow/NAME.json`: its type, the sources, sinks and
/// transformations listed for the designer with their dataset, linked service and flowlet
/// references, and the script (`scriptLines` joined with "\n", or `script`), parsed and connected.
public struct DataFlowDefinition: Sendable {
    /// `properties.type`.
    public enum FlowType: String, Sendable {
        case mappingDataFlow = "MappingDataFlow"
        /// Read, but not run: see `checkRunnable()`.
        case flowlet = "Flowlet"
    }

    /// A `{"referenceName": …, "type": …, "parameters": …}` reference.
    public struct Reference: Sendable, Hashable {
        public var referenceName: String
        public var type: String?
        public var parameters: JSONValue?
    }

    /// One entry of `sources`, `sinks` or `transformations`.
    public struct Endpoint: Sendable {
        public var name: String
        public var description: String?
        public var dataset: Reference?
        public var linkedService: Reference?
        public var schemaLinkedService: Reference?
        public var flowlet: Reference?
    }

    public var name: String
    public var type: FlowType
    public var description: String?
    public var sources: [Endpoint]
    public var sinks: [Endpoint]
    public var transformations: [Endpoint]
    /// The script as one text (what line and column numbers count in).
    public var scriptText: String
    public var script: DataFlowScript
    public var graph: DataFlowGraph
    /// Where the JSON lists and the script disagree; ADF itself runs such data flows when the script
    /// is consistent, so these are reported, not refused.
    public var warnings: [String]

    /// Reads a data flow resource. `fallbackName` (the file's base name) is used when the JSON has no `name`.
    public init(json: JSONValue, fallbackName: String? = nil) throws(DataFlowDefinitionError) {
        guard case .object(let root) = json else { throw .wrongType(path: "$", expected: "an object") }
        guard case .object(let properties)? = root["properties"] else {
            throw root["properties"] == nil
                ? .missingMember(path: "properties", expected: "an object with \"type\" and \"typeProperties\"")
                : .wrongType(path: "properties", expected: "an object")
        }
        if let written = root["name"] {
            guard case .string(let text) = written else { throw .wrongType(path: "name", expected: "a string") }
            name = text
        } else if let fallbackName {
            name = fallbackName
        } else {
            throw .missingMember(path: "name", expected: "the data flow's name")
        }
        guard case .string(let typeName)? = properties["type"] else {
            throw .missingMember(path: "properties.type", expected: "\"MappingDataFlow\" or \"Flowlet\"")
        }
        guard let type = FlowType(rawValue: typeName) else { throw .unsupportedType(typeName) }
        self.type = type
        description = try Self.optionalString(properties["description"], path: "properties.description")
        let typeProperties: JSONObject
        switch properties["typeProperties"] {
        case .object(let object)?: typeProperties = object
        case nil: throw .missingMember(path: "properties.typeProperties", expected: "an object with the script")
        default: throw .wrongType(path: "properties.typeProperties", expected: "an object")
        }
        sources = try Self.endpoints(typeProperties["sources"], path: "properties.typeProperties.sources")
        sinks = try Self.endpoints(typeProperties["sinks"], path: "properties.typeProperties.sinks")
        transformations = try Self.endpoints(
            typeProperties["transformations"], path: "properties.typeProperties.transformations")
        var warnings: [String] = []
        let scriptPath: String
        switch (typeProperties["scriptLines"], typeProperties["script"]) {
        case (.array(let lines)?, let script):
            var texts: [String] = []
            for (offset, line) in lines.enumerated() {
                guard case .string(let text) = line else {
                    throw .wrongType(path: "properties.typeProperties.scriptLines[\(offset)]", expected: "a string")
                }
                texts.append(text)
            }
            scriptText = texts.joined(separator: "\n")
            scriptPath = "properties.typeProperties.scriptLines"
            if script != nil { warnings.append("both scriptLines and script are present; scriptLines is used") }
        case (.some, _):
            throw .wrongType(path: "properties.typeProperties.scriptLines", expected: "an array of strings")
        case (nil, .string(let text)?):
            scriptText = text
            scriptPath = "properties.typeProperties.script"
        case (nil, .some):
            throw .wrongType(path: "properties.typeProperties.script", expected: "a string")
        case (nil, nil):
            // The first data flows ADF published (2019) carry no whole script: each source, sink and
            // transformation has its own statement in `script`. ADF still runs them; so does pipehost.
            guard let joined = try Self.statementScripts(typeProperties) else {
                throw .missingMember(path: "properties.typeProperties.scriptLines", expected: "the data flow script")
            }
            scriptText = joined
            scriptPath = "properties.typeProperties (each source's, transformation's and sink's script, joined)"
        }
        do {
            script = try DataFlowScript.parse(scriptText)
            graph = try DataFlowGraph(script)
        } catch {
            throw .script(path: scriptPath, error)
        }
        warnings += Self.crossCheck(script: script, sources: sources, sinks: sinks, transformations: transformations)
        self.warnings = warnings
    }

    /// The `script` of every source, transformation and sink, in that order, one per line group;
    /// nil when none has one.
    private static func statementScripts(_ typeProperties: JSONObject) throws(DataFlowDefinitionError) -> String? {
        var statements: [String] = []
        for list in ["sources", "transformations", "sinks"] {
            guard case .array(let elements)? = typeProperties[list] else { continue }
            for (offset, element) in elements.enumerated() {
                guard case .object(let object) = element, let script = object["script"] else { continue }
                guard case .string(let text) = script else {
                    throw .wrongType(path: "properties.typeProperties.\(list)[\(offset)].script", expected: "a string")
                }
                statements.append(text)
            }
        }
        return statements.isEmpty ? nil : statements.joined(separator: "\n")
    }

    /// Refuses what pipehost reads but cannot run yet.
    public func checkRunnable() throws(DataFlowDefinitionError) {
        if type == .flowlet { throw .flowletNotSupported(name) }
    }

    private static func optionalString(_ value: JSONValue?, path: String) throws(DataFlowDefinitionError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .wrongType(path: path, expected: "a string")
        }
    }

    private static func endpoints(_ value: JSONValue?, path: String) throws(DataFlowDefinitionError) -> [Endpoint] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let elements) = value else { throw .wrongType(path: path, expected: "an array") }
        var endpoints: [Endpoint] = []
        for (offset, element) in elements.enumerated() {
            let here = "\(path)[\(offset)]"
            guard case .object(let object) = element else { throw .wrongType(path: here, expected: "an object") }
            guard case .string(let name)? = object["name"] else {
                throw .missingMember(path: "\(here).name", expected: "the transformation's name as in the script")
            }
            endpoints.append(
                Endpoint(
                    name: name,
                    description: try optionalString(object["description"], path: "\(here).description"),
                    dataset: try reference(object["dataset"], path: "\(here).dataset"),
                    linkedService: try reference(object["linkedService"], path: "\(here).linkedService"),
                    schemaLinkedService: try reference(
                        object["schemaLinkedService"], path: "\(here).schemaLinkedService"),
                    flowlet: try reference(object["flowlet"], path: "\(here).flowlet")))
        }
        return endpoints
    }

    private static func reference(_ value: JSONValue?, path: String) throws(DataFlowDefinitionError) -> Reference? {
        guard let value, !value.isNull else { return nil }
        guard case .object(let object) = value else { throw .wrongType(path: path, expected: "a reference object") }
        guard case .string(let referenceName)? = object["referenceName"] else {
            throw .missingMember(path: "\(path).referenceName", expected: "the referenced resource's name")
        }
        return Reference(
            referenceName: referenceName, type: try optionalString(object["type"], path: "\(path).type"),
            parameters: object["parameters"])
    }

    /// The designer's lists against the script: every listed name has a statement of the matching
    /// kind, and every statement is listed.
    static func crossCheck(
        script: DataFlowScript, sources: [Endpoint], sinks: [Endpoint], transformations: [Endpoint]
    ) -> [String] {
        var warnings: [String] = []
        var statementsByName: [String: Statement] = [:]
        for statement in script.statements { statementsByName[statement.name] = statement }
        let lists: [(String, [Endpoint], (Statement) -> Bool)] = [
            ("sources", sources, { $0.kind == .source }),
            ("sinks", sinks, { $0.kind == .sink }),
            ("transformations", transformations, { $0.kind != .source && $0.kind != .sink }),
        ]
        var listed: Set<String> = []
        for (list, endpoints, fits) in lists {
            for (offset, endpoint) in endpoints.enumerated() {
                listed.insert(endpoint.name)
                guard let statement = statementsByName[endpoint.name] else {
                    warnings.append(
                        "\(list)[\(offset)] '\(endpoint.name)' has no statement '~> \(endpoint.name)' in the script")
                    continue
                }
                if !fits(statement) {
                    warnings.append(
                        "\(list)[\(offset)] '\(endpoint.name)' is a '\(statement.transformation)' in the script "
                            + "(line \(statement.position.line))")
                }
            }
        }
        for statement in script.statements where !listed.contains(statement.name) {
            let list = statement.kind == .source ? "sources" : statement.kind == .sink ? "sinks" : "transformations"
            warnings.append(
                "'\(statement.name)' (line \(statement.position.line)) is not listed in typeProperties.\(list)")
        }
        return warnings
    }
}

/// Why a `dataflow/*.json` resource could not be read.
public enum DataFlowDefinitionError: Error, Sendable, Equatable {
    /// The JSON at `path` is not what a data flow has there.
    case wrongType(path: String, expected: String)
    /// A required member is absent.
    case missingMember(path: String, expected: String)
    /// `properties.type` is neither `MappingDataFlow` nor `Flowlet` (for example a `WranglingDataFlow`).
    case unsupportedType(String)
    /// The script at `path` does not parse or its streams do not connect.
    case script(path: String, DataFlowScriptError)
    /// A flowlet asked to run.
    case flowletNotSupported(String)
}

extension DataFlowDefinitionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .wrongType(let path, let expected):
            "\(path) must be \(expected)"
        case .missingMember(let path, let expected):
            "\(path) is missing; it should hold \(expected)"
        case .unsupportedType(let found):
            "properties.type is '\(found)'; pipehost reads 'MappingDataFlow' and 'Flowlet' data flows"
        case .script(let path, let error):
            "\(path), \(error)"
        case .flowletNotSupported(let name):
            "'\(name)' is a flowlet; flowlets are not supported yet"
        }
    }
}
