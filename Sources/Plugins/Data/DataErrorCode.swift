/// The `errorCode` values the data activities write, one constant each (docs/error-codes.md).
/// Codes ADF itself reports for the same failure are ADF's; the rest are the plugin's own names.
enum DataErrorCode {
    /// A dataset or linked service of a type pipehost cannot reach (SQL Server, Snowflake, …).
    static let unsupportedLinkedService = "UnsupportedLinkedServiceType"
}
