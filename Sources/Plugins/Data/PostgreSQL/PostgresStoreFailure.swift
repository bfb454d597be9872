import PluginKit
import PostgresNIO
import PostgresSupport

/// The failures of reading from and writing to PostgreSQL, in ADF's Copy shape: error code 2200
/// and `Failure happened on 'Source' side. ErrorCode=<inner code>,'Message=<what happened>'`
/// (`'Sink'` for writes). The inner codes are pipehost's; the SQL error's SQLSTATE, number, detail
/// and hint go into `details`. Messages never hold a password.
enum PostgresStoreFailure {
    /// ADF's code for a failed copy (Lookup and GetMetadata report source failures the same way).
    static let copyFailedCode = "2200"

    /// Which end of the copy failed.
    enum Side: String, Sendable {
        case source = "Source"
        case sink = "Sink"
    }

    /// The inner error codes in the message.
    enum InnerCode {
        /// No connection (refused, bad password, unknown database).
        static let connectFailed = "PostgreSqlFailedToConnect"
        /// The server rejected a statement (bad SQL, a constraint, a missing column).
        static let sqlError = "PostgreSqlSqlError"
        /// The dataset's table does not exist and the sink may not create it.
        static let tableNotFound = "PostgreSqlTableNotFound"
        /// A value could not be read or written in its column's type.
        static let dataConversion = "PostgreSqlDataConversion"
        /// The connection broke during the copy.
        static let connectionLost = "PostgreSqlConnectionLost"
        /// The query ran past `queryTimeout` / `writeBatchTimeout`.
        static let timeout = "PostgreSqlTimeout"
    }

    static func failure(
        _ side: Side, _ inner: String, _ message: String, failureType: ActivityFailure.FailureType = .userError,
        details: JSONValue? = nil
    ) -> ActivityFailure {
        ActivityFailure(
            errorCode: copyFailedCode,
            message: "Failure happened on '\(side.rawValue)' side. ErrorCode=\(inner),'Message=\(message)'",
            failureType: failureType, details: details)
    }

    /// A connection failure from the shared connector, moved into the Copy shape.
    static func connect(_ side: Side, _ failure: ActivityFailure) -> ActivityFailure {
        if failure == .cancelled { return failure }
        return Self.failure(
            side, InnerCode.connectFailed, failure.message, failureType: failure.failureType, details: failure.details)
    }

    /// Whatever a statement threw, for `side`; `doing` says what was running ("reading 'public.t'").
    static func statement(_ side: Side, _ error: any Error, doing: String) -> ActivityFailure {
        if let failure = error as? ActivityFailure { return failure }
        if error is CancellationError { return .cancelled }
        if let malformed = error as? PostgresValueDecoding.Malformed {
            return failure(side, InnerCode.dataConversion, "While \(doing): \(malformed)")
        }
        guard let error = error as? PSQLError else {
            return failure(side, InnerCode.sqlError, "While \(doing): \(error)", failureType: .systemError)
        }
        if let server = error.serverInfo {
            let report = SQLErrorReport(server: server)
            if report.sqlState == "57014" && Task.isCancelled { return .cancelled }
            let inner = report.sqlState == "57014" ? InnerCode.timeout : InnerCode.sqlError
            return report.failure(code: copyFailedCode).moved(side: side, inner: inner, doing: doing)
        }
        if Task.isCancelled { return .cancelled }
        let reason: String
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            reason = "the connection to the server closed"
        default:
            reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
        }
        return failure(side, InnerCode.connectionLost, "While \(doing): \(reason).", failureType: .systemError)
    }
}

extension ActivityFailure {
    /// A SQL error report's failure in the Copy shape.
    fileprivate func moved(side: PostgresStoreFailure.Side, inner: String, doing: String) -> ActivityFailure {
        PostgresStoreFailure.failure(
            side, inner, "While \(doing): \(message)", failureType: failureType, details: details)
    }
}
