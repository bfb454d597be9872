import PluginKit
import PostgresNIO

/// A PostgreSQL error as ADF reports a SQL error: code 2402, `UserError`, and the message
/// `Execution fail against sql server. Sql error number: <n>. Error Message: <message>`, with the
/// SQLSTATE (and the server's detail and hint, when it sent them) kept in the message and in
/// `details`.
public struct SQLErrorReport: Sendable {
    public var sqlState: String
    public var number: Int
    public var message: String
    public var detail: String?
    public var hint: String?
    public var severity: String?

    public init(server: PSQLError.ServerInfo) {
        sqlState = server[.sqlState] ?? "XX000"
        number = SQLStateNumber.number(for: sqlState) ?? 0
        message = server[.message] ?? "the server reported an error without a message"
        detail = server[.detail]
        hint = server[.hint]
        severity = server[.severity]
    }

    public var text: String {
        var text = "Execution fail against sql server. Sql error number: \(number). Error Message: \(message)"
        text += " (SQLSTATE \(sqlState))"
        if let detail { text += " Detail: \(detail)" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }

    public var failure: ActivityFailure { failure(code: ActivityErrorCode.storedProcedureFailed) }

    /// The failure with another error code (a Copy reports its own), same message and details.
    public func failure(code: String) -> ActivityFailure {
        var details: JSONObject = ["sqlState": .string(sqlState), "number": .integer(Int64(number))]
        if let detail { details["detail"] = .string(detail) }
        if let hint { details["hint"] = .string(hint) }
        if let severity { details["severity"] = .string(severity) }
        return .userError(text, code: code, details: .object(details))
    }
}
