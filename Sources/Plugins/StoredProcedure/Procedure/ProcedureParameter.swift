import PluginKit

/// One entry of `storedProcedureParameters`: its name as written (without a leading `@`), its
/// declared type and its value converted to that type.
public struct ProcedureParameter: Sendable, Hashable {
    /// The parameter's name without a leading `@`.
    public var name: String
    public var type: ProcedureParameterType
    public var value: ProcedureValue

    public init(name: String, type: ProcedureParameterType, value: ProcedureValue) {
        self.name = name
        self.type = type
        self.value = value
    }

    /// Reads one `storedProcedureParameters` entry: `{"value": …, "type": …}` (both optional,
    /// member names in any case) or, as ADF v1 wrote it, a bare scalar taken as the value of a
    /// String parameter.
    static func read(name writtenName: String, entry: JSONValue, path: String) throws(ActivityFailure) -> Self {
        let name = writtenName.hasPrefix("@") ? String(writtenName.dropFirst()) : writtenName
        guard !name.isEmpty else {
            throw .invalidProperty(path, "a stored procedure parameter needs a name")
        }
        let rawValue: JSONValue
        var type = ProcedureParameterType.string
        switch entry {
        case .object(let object):
            for (key, _) in object where !["value", "type"].contains(key.lowercased()) {
                throw .invalidProperty(
                    "\(path).\(key)", "a stored procedure parameter has only the members 'value' and 'type'")
            }
            rawValue = object[caseInsensitive: "value"] ?? .null
            if let known = try ProcedureParameterType.read(object[caseInsensitive: "type"], path: "\(path).type", parameter: name) {
                type = known
            }
        case .array:
            throw .wrongPropertyType(path, "expected {\"value\": …, \"type\": …} or a plain value, found an array")
        default:
            rawValue = entry
        }
        let value = try ProcedureValueConversion.convert(rawValue, to: type, parameter: name, path: "\(path).value")
        return ProcedureParameter(name: name, type: type, value: value)
    }
}
