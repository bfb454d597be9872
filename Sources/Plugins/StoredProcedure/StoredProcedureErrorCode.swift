import PostgresSupport

/// The stored procedure plugin's own error codes (docs/stored-procedures.md lists them); ADF's
/// numeric codes come from PluginKit's `ActivityErrorCode` (`storedProcedureFailed`, 2402).
enum StoredProcedureErrorCode {
    /// No connection to the database (bad password, unknown database, server down, shutting down).
    static let sqlFailedToConnect = PostgresErrorCode.sqlFailedToConnect
    /// The linked service's type has no backend that can run procedures here (SQL Server types).
    static let backendUnavailable = "StoredProcedureBackendUnavailable"
    /// A native procedure library cannot be loaded.
    static let nativeLibraryUnavailable = "NativeProcedureLibraryUnavailable"
    /// A native procedure call could not be prepared.
    static let nativeCallFailed = "NativeProcedureCallFailed"
}
