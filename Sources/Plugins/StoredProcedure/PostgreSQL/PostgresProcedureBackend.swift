import PluginKit
import PostgresNIO
import PostgresSupport

/// Runs stored procedures on PostgreSQL: one connection pool per linked service, `CALL` with
/// typed binds, the statement cancelled on the server when the call is cancelled, and SQL errors
/// in ADF's 2402 shape.
public final class PostgresProcedureBackend: Sendable {
    /// The pools, one per linked service; the Script activity uses them too.
    let pools: PostgresPoolRegistry

    /// - Parameter maximumConnectionsPerLinkedService: how many connections one linked service may
    ///   hold open at once; calls beyond that wait for a free one.
    public init(maximumConnectionsPerLinkedService: Int) {
        pools = PostgresPoolRegistry(maximumConnectionsPerLinkedService: maximumConnectionsPerLinkedService)
    }

    /// Calls the procedure and returns the SQL it sent. Throws ADF's 2402 for SQL errors,
    /// `SqlFailedToConnect` when no connection could be made, and ``ActivityFailure/cancelled``
    /// when the task was cancelled (the statement is then stopped on the server before this returns).
    public func call(
        _ request: StoredProcedureRequest, linkedService: String, settings: PostgresConnectionSettings
    ) async throws(ActivityFailure) -> String {
        let pool = try pools.pool(linkedService: linkedService, settings: settings)
        let statement = PostgresCallStatement(request)
        let lease = try await pool.lease()
        var reusable = true
        do {
            try await run(statement, on: lease, connector: pool.connector)
        } catch {
            reusable = !lease.connection.isClosed
            await pool.release(lease, reusable: reusable)
            throw Self.failure(error, procedure: request.procedure, linkedService: linkedService)
        }
        await pool.release(lease, reusable: reusable)
        return statement.sql
    }

    private func run(
        _ statement: PostgresCallStatement, on lease: PooledPostgresConnection, connector: PostgresConnector
    ) async throws {
        try Task.checkCancellation()
        let canceller = PostgresStatementCanceller(connector: connector, target: lease)
        defer { canceller.statementEnded() }
        try await withTaskCancellationHandler {
            let rows = try await lease.connection.query(
                PostgresQuery(unsafeSQL: statement.sql, binds: statement.bindings),
                logger: PostgresConnector.silentLogger)
            // A CALL answers with one row of INOUT values, or none; neither is an output in ADF.
            for try await _ in rows {}
        } onCancel: {
            canceller.cancel()
        }
        // The statement may have finished just as the cancel arrived; the caller asked to stop.
        try Task.checkCancellation()
    }

    /// ADF's error for what went wrong during the call.
    static func failure(_ error: any Error, procedure: ProcedureName, linkedService: String) -> ActivityFailure {
        if let failure = error as? ActivityFailure { return failure }
        if error is CancellationError { return .cancelled }
        guard let error = error as? PSQLError else {
            return .systemError(
                "The call of '\(procedure)' failed: \(error)", code: ActivityErrorCode.storedProcedureFailed)
        }
        if let server = error.serverInfo {
            let sqlState = server[.sqlState] ?? ""
            if sqlState == "57014" && Task.isCancelled { return .cancelled }
            return SQLErrorReport(server: server).failure
        }
        let reason: String
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            reason = "the connection to the server closed during the call"
        default:
            reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
        }
        if Task.isCancelled { return .cancelled }
        return .systemError(
            "The call of '\(procedure)' on the linked service '\(linkedService)' failed: \(reason).",
            code: ActivityErrorCode.storedProcedureFailed)
    }

    /// Closes every pool's idle connections.
    public func shutdown() async {
        await pools.shutdown()
    }
}
