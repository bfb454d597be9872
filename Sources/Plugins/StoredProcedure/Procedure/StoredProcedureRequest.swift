import PluginKit

/// The activity's `typeProperties` read and checked: which procedure to call and its parameters in
/// the order the JSON writes them (the native backend passes them in that order).
public struct StoredProcedureRequest: Sendable, Hashable {
    public var procedure: ProcedureName
    public var parameters: [ProcedureParameter]

    public init(procedure: ProcedureName, parameters: [ProcedureParameter]) {
        self.procedure = procedure
        self.parameters = parameters
    }

    /// Reads `typeProperties` (expressions already evaluated by the host). Member names match in
    /// any case, as ADF's do. Every problem is ADF's 2103/2104/2105 with the property's path.
    public init(typeProperties: JSONValue) throws(ActivityFailure) {
        guard case .object(let properties) = typeProperties else {
            throw .wrongPropertyType(
                "typeProperties", "expected an object, found \(typeProperties.typeName.lowercased())")
        }
        let namePath = "typeProperties.storedProcedureName"
        let written: String
        switch properties[caseInsensitive: "storedProcedureName"] {
        case nil, .null: throw .missingProperty(namePath)
        case .string(let text): written = text
        case .some(let other):
            throw .wrongPropertyType(namePath, "expected a string, found \(other.typeName.lowercased())")
        }
        do {
            procedure = try ProcedureName(parsing: written)
        } catch {
            throw .invalidProperty(namePath, "'\(written)' is not a stored procedure name: \(error)")
        }

        let parametersPath = "typeProperties.storedProcedureParameters"
        var parameters: [ProcedureParameter] = []
        switch properties[caseInsensitive: "storedProcedureParameters"] {
        case nil, .null:
            break
        case .object(let entries):
            var seen: Set<String> = []
            for (name, entry) in entries {
                let parameter = try ProcedureParameter.read(name: name, entry: entry, path: "\(parametersPath).\(name)")
                guard seen.insert(parameter.name.lowercased()).inserted else {
                    throw .invalidProperty(
                        "\(parametersPath).\(name)", "the parameter '\(parameter.name)' is given twice")
                }
                parameters.append(parameter)
            }
        case .some(let other):
            throw .wrongPropertyType(
                parametersPath,
                "expected an object of {\"value\", \"type\"} entries, found \(other.typeName.lowercased())")
        }
        self.parameters = parameters
    }
}
