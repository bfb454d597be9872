import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and reads its rows to the end (discarding them), so the connection is ready
    /// for the next statement when this returns.
    public func runToEnd(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: PostgresConnector.silentLogger) {}
    }
}

extension PostgresConnection {
    /// PostgreSQL's largest `statement_timeout`, in milliseconds (about 24.8 days).
    public static let maximumStatementTimeoutMilliseconds: Int64 = Int64(Int32.max)

    /// Sets `statement_timeout` so that the server itself stops a statement running longer;
    /// `local` limits it to the current transaction. Longer times than the server allows are
    /// shortened to its maximum.
    public func setStatementTimeout(milliseconds: Int64, local: Bool) async throws {
        let value = String(min(max(milliseconds, 1), Self.maximumStatementTimeoutMilliseconds))
        try await runToEnd("SELECT set_config('statement_timeout', \(value), \(local))")
    }
}
