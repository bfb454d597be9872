import PluginKit
import PostgresNIO
import PostgresSupport

/// Rows of one query, streamed from the server as the copy asks for them (postgres-nio's row
/// sequence with its back-pressure): never the whole result in memory. The columns come from the
/// result's description, so a query without rows still has them.
actor PostgresRowReader: RowReader {
    nonisolated let columns: [Column]
    private let types: [PostgresColumnType]
    private let pool: PostgresConnectionPool
    private var lease: PooledPostgresConnection?
    private var iterator: PostgresRowSequence.AsyncIterator?
    private let description: String
    private var exhausted = false

    /// Leases a connection, sets the query timeout and starts the query.
    static func open(
        settings: PostgresSourceSettings, pool: PostgresConnectionPool, description: String
    ) async throws(ActivityFailure) -> PostgresRowReader {
        let lease: PooledPostgresConnection
        do {
            lease = try await pool.lease()
        } catch {
            throw PostgresStoreFailure.connect(.source, error)
        }
        do {
            try await lease.connection.setStatementTimeout(
                milliseconds: Int64(settings.queryTimeoutSeconds) * 1000, local: false)
            let rows = try await lease.connection.query(
                PostgresQuery(unsafeSQL: settings.sql), logger: PostgresConnector.silentLogger)
            return PostgresRowReader(rows: rows, lease: lease, pool: pool, description: description)
        } catch {
            await pool.release(lease, reusable: false)
            throw PostgresStoreFailure.statement(.source, error, doing: description)
        }
    }

    private init(
        rows: PostgresRowSequence, lease: PooledPostgresConnection, pool: PostgresConnectionPool, description: String
    ) {
        var columns: [Column] = []
        var types: [PostgresColumnType] = []
        for column in rows.columns {
            let type = PostgresColumnType(column.dataType)
            types.append(type)
            columns.append(Column(name: column.name, type: type.interimType))
        }
        self.columns = columns
        self.types = types
        self.lease = lease
        self.pool = pool
        self.description = description
        iterator = rows.makeAsyncIterator()
    }

    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]] {
        guard !exhausted, var iterator else { return [] }
        var rows: [[Cell]] = []
        rows.reserveCapacity(min(max(limit, 1), 10_000))
        do {
            while rows.count < max(limit, 1) {
                guard let row = try await iterator.next(isolation: #isolation) else {
                    exhausted = true
                    break
                }
                var cells: [Cell] = []
                cells.reserveCapacity(types.count)
                for (index, cell) in row.enumerated() {
                    do {
                        cells.append(
                            Cell(try PostgresValueDecoding.value(cell.bytes, type: types[index], format: cell.format)))
                    } catch {
                        throw PostgresValueDecoding.Malformed(
                            description: "the value of column '\(cell.columnName)' could not be read: \(error)")
                    }
                }
                rows.append(cells)
            }
        } catch {
            self.iterator = nil
            await finish(reusable: false)
            throw PostgresStoreFailure.statement(.source, error, doing: description)
        }
        self.iterator = iterator
        if exhausted {
            self.iterator = nil
            await finish(reusable: true)
        }
        return rows
    }

    func close() async {
        // A result read to its end leaves the connection ready for the next statement; one closed
        // early still has rows on the wire, so that connection is closed instead of reused.
        iterator = nil
        await finish(reusable: exhausted)
    }

    private func finish(reusable: Bool) async {
        guard let lease else { return }
        self.lease = nil
        var reusable = reusable
        if reusable {
            do {
                try await lease.connection.runToEnd("RESET statement_timeout")
            } catch {
                reusable = false
            }
        }
        await pool.release(lease, reusable: reusable)
    }
}
