import PluginKit
import PostgresSupport

/// The Script activity's `typeProperties`: the script blocks in order and the time each may run.
struct ScriptRequest: Sendable, Equatable {
    /// ADF's two kinds of block.
    enum Kind: String, Sendable, Equatable {
        /// Statements whose rows become `resultSets`.
        case query = "Query"
        /// Statements run for their effect; rows they return are not kept.
        case nonQuery = "NonQuery"
    }

    struct Block: Sendable, Equatable {
        var kind: Kind
        var text: String
        var parameters: [ScriptParameter]
    }

    var blocks: [Block]
    /// `scriptBlockExecutionTimeout` in seconds (ADF's default is 02:00:00).
    var blockTimeoutSeconds: Int

    static let defaultBlockTimeoutSeconds = 7200

    init(typeProperties: JSONValue) throws(ActivityFailure) {
        guard case .object(let properties) = typeProperties else {
            throw .wrongPropertyType(
                "typeProperties", "expected an object, found \(typeProperties.typeName.lowercased())")
        }
        for key in properties.keys
        where ![
            "scripts", "scriptblockexecutiontimeout", "logsettings", "returnmultistatementresult",
            "treatdecimalasstring",
        ]
        .contains(key.lowercased()) {
            throw .invalidProperty(
                "typeProperties.\(key)",
                "the Script activity knows scripts, scriptBlockExecutionTimeout, logSettings and returnMultistatementResult"
            )
        }
        guard let scripts = properties[caseInsensitive: "scripts"], !scripts.isNull else {
            throw .missingProperty("typeProperties.scripts")
        }
        guard case .array(let entries) = scripts else {
            throw .wrongPropertyType(
                "typeProperties.scripts", "expected an array of script blocks, found \(scripts.typeName.lowercased())")
        }
        guard !entries.isEmpty else {
            throw .invalidProperty("typeProperties.scripts", "add at least one script block")
        }
        var blocks: [Block] = []
        for (index, entry) in entries.enumerated() {
            blocks.append(try Self.block(entry, path: "typeProperties.scripts[\(index)]"))
        }
        self.blocks = blocks
        switch properties[caseInsensitive: "scriptBlockExecutionTimeout"] {
        case nil, .null:
            blockTimeoutSeconds = Self.defaultBlockTimeoutSeconds
        case .string(let text):
            guard let seconds = TimeSpanText.seconds(text), seconds > 0 else {
                throw .invalidProperty(
                    "typeProperties.scriptBlockExecutionTimeout",
                    "expected a timespan such as 02:00:00 (at most 99.00:00:00, more than zero), found '\(text)'")
            }
            blockTimeoutSeconds = seconds
        case .some(let other):
            throw .wrongPropertyType(
                "typeProperties.scriptBlockExecutionTimeout",
                "expected a timespan string, found \(other.typeName.lowercased())")
        }
        if let settings = properties[caseInsensitive: "logSettings"], !settings.isNull {
            guard case .object = settings else {
                throw .wrongPropertyType(
                    "typeProperties.logSettings", "expected an object, found \(settings.typeName.lowercased())")
            }
        }
    }

    private static func block(_ entry: JSONValue, path: String) throws(ActivityFailure) -> Block {
        guard case .object(let object) = entry else {
            throw .wrongPropertyType(
                path, "expected an object with 'type' and 'text', found \(entry.typeName.lowercased())")
        }
        guard case .string(let text)? = object[caseInsensitive: "text"], !text.trimmingASCIISpaces().isEmpty else {
            throw .missingProperty("\(path).text")
        }
        let kind: Kind
        switch object[caseInsensitive: "type"] {
        case .string(let written) where asciiCaseInsensitiveEquals(written, "Query"): kind = .query
        case .string(let written) where asciiCaseInsensitiveEquals(written, "NonQuery"): kind = .nonQuery
        case nil, .null: throw .missingProperty("\(path).type")
        case .some(let other): throw .invalidProperty("\(path).type", "expected Query or NonQuery, found \(other)")
        }
        var parameters: [ScriptParameter] = []
        switch object[caseInsensitive: "parameters"] {
        case nil, .null: break
        case .array(let entries):
            for (index, entry) in entries.enumerated() {
                let parameter = try ScriptParameter.read(entry, path: "\(path).parameters[\(index)]")
                guard !parameters.contains(where: { $0.key == parameter.key }) else {
                    throw .invalidProperty(
                        "\(path).parameters[\(index)]", "the parameter '\(parameter.name)' is given twice")
                }
                parameters.append(parameter)
            }
        case .some(let other):
            throw .wrongPropertyType("\(path).parameters", "expected an array, found \(other.typeName.lowercased())")
        }
        return Block(kind: kind, text: text, parameters: parameters)
    }
}
