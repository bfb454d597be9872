import PluginKit
import PostgresNIO

/// A PostgreSQL error as ADF reports a SQL error: code 2402, `UserError`, and the message
/// `Execution fail against sql server. Sql error number: <n>. Error Message: <message>`, with the
/// SQLSTATE (and the server's detail and hint, when it sent them) kept in the message and in
/// `details`.
struct SQLErrorReport {
    var sqlState: String
    var number: Int
    var message: String
    var detail: String?
    var hint: String?
    var severity: String?

    init(server: PSQLError.ServerInfo) {
        sqlState = server[.sqlState] ?? "XX000"
        number = SQLStateNumber.number(for: sqlState) ?? 0
        message = server[.message] ?? "the server reported an error without a message"
        detail = server[.detail]
        hint = server[.hint]
        severity = server[.severity]
    }

    var text: String {
        var text = "Execution fail against sql server. Sql error number: \(number). Error Message: \(message)"
        text += " (SQLSTATE \(sqlState))"
        if let detail { text += " Detail: \(detail)" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }

    var failure: ActivityFailure {
        var details: JSONObject = ["sqlState": .string(sqlState), "number": .integer(Int64(number))]
        if let detail { details["detail"] = .string(detail) }
        if let hint { details["hint"] = .string(hint) }
        if let severity { details["severity"] = .string(severity) }
        return .userError(text, code: ActivityErrorCode.storedProcedureFailed, details: .object(details))
    }
}
