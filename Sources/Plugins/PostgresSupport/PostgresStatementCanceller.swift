import PostgresNIO
import Synchronization

/// Stops a running statement the way `psql`'s Ctrl-C does: from a second connection, by the
/// server process id of the first (`pg_cancel_backend`). postgres-nio sends no CancelRequest of
/// its own when a task is cancelled, so without this a cancelled `CALL` would run to its end.
///
/// A cancel can reach the server before the statement does (it then cancels nothing), so it is
/// repeated every 200 ms until the statement ended, for up to ten seconds.
public final class PostgresStatementCanceller: Sendable {
    private let connector: PostgresConnector
    private let target: PooledPostgresConnection
    private let finished = Mutex(false)

    public init(connector: PostgresConnector, target: PooledPostgresConnection) {
        self.connector = connector
        self.target = target
    }

    /// Called once the statement ended (with a result or an error).
    public func statementEnded() {
        finished.withLock { $0 = true }
    }

    public var hasStatementEnded: Bool { finished.withLock { $0 } }

    /// Starts cancelling in the background; returns at once (it is called from a task
    /// cancellation handler, which must not wait).
    public func cancel() {
        Task { await self.cancelUntilEnded() }
    }

    private func cancelUntilEnded() async {
        guard let helper = try? await connector.connect(id: 0) else {
            // No second connection: closing the first makes the server stop at its next write.
            try? await target.connection.close()
            return
        }
        defer { Task { try? await helper.connection.close() } }
        for _ in 0..<50 where !hasStatementEnded {
            let pid = target.backendProcessID
            _ = try? await helper.connection.query(
                "SELECT pg_cancel_backend(\(pid))", logger: PostgresConnector.silentLogger)
            try? await Task.sleep(for: .milliseconds(200))
        }
        if !hasStatementEnded { try? await target.connection.close() }
    }
}
