import PluginKit

/// The `type` of a stored procedure parameter: the union of ADF's spelling lists (the REST
/// enum, the Script activity's parameter types and the SQL interim types), matched ignoring case.
public enum ProcedureParameterType: String, Sendable, Hashable, CaseIterable {
    case string = "String"
    case int16 = "Int16"
    case int32 = "Int32"
    case int64 = "Int64"
    case decimal = "Decimal"
    case double = "Double"
    case single = "Single"
    case boolean = "Boolean"
    case guid = "Guid"
    case date = "Date"
    case dateTime = "DateTime"
    case dateTimeOffset = "DateTimeOffset"
    case timeSpan = "TimeSpan"
    case byteArray = "Byte[]"

    /// Every accepted spelling (lower-cased) and the type it names.
    private static let spellings: [String: ProcedureParameterType] = {
        var table: [String: ProcedureParameterType] = [:]
        for type in allCases { table[type.rawValue.lowercased()] = type }
        // ADF's REST enum says Int; the SQL Server mapping tables say Int32. Char[] is the interim
        // type of character columns and Object the catch-all; both travel as text.
        table["int"] = .int32
        table["char[]"] = .string
        table["object"] = .string
        table["bool"] = .boolean
        table["float"] = .double
        table["datetime2"] = .dateTime
        table["binary"] = .byteArray
        return table
    }()

    /// The type named by `spelling` (any ASCII case), or nil when pipehost does not know it.
    public init?(spelling: String) {
        guard let type = Self.spellings[spelling.lowercased()] else { return nil }
        self = type
    }

    /// The spellings an error message lists as accepted.
    static var acceptedSpellings: String {
        allCases.map(\.rawValue).joined(separator: ", ") + " (and Int, Bool, Float, Char[], Object as aliases)"
    }
}

extension ProcedureParameterType {
    /// The `type` member of a stored procedure or Script parameter at `path`: nil when absent or
    /// null, else a known spelling; anything else fails with ADF's property errors.
    static func read(_ value: JSONValue?, path: String, parameter name: String) throws(ActivityFailure) -> ProcedureParameterType? {
        switch value {
        case nil, .null:
            return nil
        case .string(let spelling):
            guard let known = ProcedureParameterType(spelling: spelling) else {
                throw .invalidProperty(
                    path, "the parameter '\(name)' has the unknown type '\(spelling)'; use one of " + acceptedSpellings)
            }
            return known
        case .some(let other):
            throw .wrongPropertyType(path, "expected the name of a type as a string, found \(other.typeName.lowercased())")
        }
    }
}
