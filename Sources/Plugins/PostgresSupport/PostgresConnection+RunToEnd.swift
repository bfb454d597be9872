import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and reads its rows to the end (discarding them), so the connection is ready
    /// for the next statement when this returns.
    public func runToEnd(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: PostgresConnector.silentLogger) {}
    }
}
