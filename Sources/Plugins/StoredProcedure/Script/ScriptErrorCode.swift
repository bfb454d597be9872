/// The Script activity's own error codes (docs/error-codes.md); SQL errors are ADF's 2402, as for
/// stored procedures.
enum ScriptErrorCode {
    /// A script block ran past `scriptBlockExecutionTimeout`; the server stopped its statement.
    static let timedOut = "ScriptBlockTimedOut"
    /// The linked service's type cannot run scripts here.
    static let linkedServiceUnsupported = "ScriptLinkedServiceUnsupported"
}
