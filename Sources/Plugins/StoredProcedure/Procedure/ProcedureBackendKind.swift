import PluginKit

/// Which backend serves a linked service, chosen by the linked service's `type`.
public enum ProcedureBackendKind: String, Sendable, Hashable {
    /// `CALL schema.proc(...)` on a PostgreSQL server.
    case postgreSQL = "PostgreSQL"
    /// An exported C function of a shared library, called through libffi.
    case nativeLibrary = "NativeProcedureLibrary"

    /// Linked service types served by PostgreSQL.
    static let postgreSQLTypes = ["PostgreSql", "AzurePostgreSql", "PostgreSqlV2", "AzurePostgreSqlV2"]
    /// Linked service types served by a native procedure library.
    static let nativeTypes = ["NativeProcedureLibrary"]
    /// SQL Server family types: real ADF runs procedures there, pipehost cannot reach such a server.
    static let sqlServerTypes = ["SqlServer", "AzureSqlDatabase", "AzureSqlDW", "AzureSqlMI", "AzureSynapseAnalytics"]

    /// The backend for `service`, or the failure that says why there is none.
    static func serving(_ service: Invocation.LinkedService?) throws(ActivityFailure) -> Self {
        guard let service else { throw .missingProperty("linkedServiceName") }
        let available = (postgreSQLTypes + nativeTypes).map { "'\($0)'" }.joined(separator: ", ")
        if postgreSQLTypes.contains(where: { asciiCaseInsensitiveEquals($0, service.type) }) { return .postgreSQL }
        if nativeTypes.contains(where: { asciiCaseInsensitiveEquals($0, service.type) }) { return .nativeLibrary }
        if sqlServerTypes.contains(where: { asciiCaseInsensitiveEquals($0, service.type) }) {
            throw .userError(
                "The linked service '\(service.name)' is of type '\(service.type)': pipehost has no SQL Server "
                    + "backend (no SQL Server can be reached from here), so stored procedures cannot run against it. "
                    + "Stored procedures run against linked services of type \(available); point "
                    + "'linkedServiceName' at one of those.",
                code: StoredProcedureErrorCode.backendUnavailable)
        }
        throw .userError(
            "The linked service '\(service.name)' is of type '\(service.type)', which cannot run stored procedures. "
                + "Use a linked service of type \(available).",
            code: StoredProcedureErrorCode.backendUnavailable)
    }
}
