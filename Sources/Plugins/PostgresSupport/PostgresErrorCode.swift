/// The error codes of the shared PostgreSQL support, for the plugins that use it to report
/// (docs/error-codes.md lists them).
public enum PostgresErrorCode {
    /// No connection to the database (bad password, unknown database, server down, shutting down).
    public static let sqlFailedToConnect = "SqlFailedToConnect"
}
