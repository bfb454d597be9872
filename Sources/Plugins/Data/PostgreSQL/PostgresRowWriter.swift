import Foundation
import NIOCore
import PluginKit
import PostgresNIO
import PostgresSupport

/// Rows written into one table inside one transaction: the pre-copy script, the table's creation
/// (`autoCreate`) and every batch of rows (`COPY … FROM STDIN`, text format) run in it, so nothing
/// is visible to anyone else before ``commit()``, and ``abort()`` (or any failure) leaves the table
/// as it was. An upsert copies the rows into a temporary table and merges them at commit.
actor PostgresRowWriter: RowWriter {
    private let pool: PostgresConnectionPool
    private var lease: PooledPostgresConnection?
    private let table: PostgresTableName
    private let columns: [Column]
    private let settings: PostgresSinkSettings
    /// Where the batches go: the table, or the temporary table of an upsert.
    private let copyTarget: String
    /// The upsert's key columns (resolved to the primary key when none were given).
    private let keys: [String]
    /// Rows converted but not yet sent.
    private var chunk: ByteBuffer
    /// The open `COPY` of the current batch; nil before its first rows are sent.
    private var copy: PostgresCopyStream?
    /// Rows and bytes of the current batch (one `COPY` statement).
    private var batchRows = 0
    private var batchBytes = 0
    private var rowsWritten: Int64 = 0
    private var bytesWritten: Int64 = 0
    private var failed = false

    /// Leases a connection, begins the transaction, runs the pre-copy script, creates the table
    /// when asked to and it is missing, and prepares the upsert's temporary table.
    static func open(
        table: PostgresTableName, columns: [Column], settings: PostgresSinkSettings, pool: PostgresConnectionPool
    ) async throws(ActivityFailure) -> PostgresRowWriter {
        let lease: PooledPostgresConnection
        do {
            lease = try await pool.lease()
        } catch {
            throw PostgresStoreFailure.connect(.sink, error)
        }
        let connection = lease.connection
        var doing = "starting the transaction"
        do {
            try await connection.runToEnd("BEGIN")
            if let seconds = settings.writeBatchTimeoutSeconds {
                try await connection.setStatementTimeout(milliseconds: Int64(seconds) * 1000, local: true)
            }
            if let script = settings.preCopyScript {
                doing = "running the preCopyScript"
                for statement in SQLScript(script).statementTexts {
                    try await connection.runToEnd(PostgresQuery(unsafeSQL: statement))
                }
            }
            doing = "looking up the table '\(table)'"
            if !(try await exists(table, on: connection)) {
                guard settings.autoCreate else {
                    throw PostgresStoreFailure.failure(
                        .sink, PostgresStoreFailure.InnerCode.tableNotFound,
                        "The table '\(table)' does not exist. Create it, or set the sink's tableOption to 'autoCreate'."
                    )
                }
                doing = "creating the table '\(table)'"
                try await connection.runToEnd(PostgresQuery(unsafeSQL: createTableSQL(table, columns: columns)))
            }
            var copyTarget = table.sql
            var keys: [String] = []
            if case .upsert(let given) = settings.behavior {
                doing = "preparing the upsert into '\(table)'"
                keys = given.isEmpty ? try await primaryKey(of: table, on: connection) : given
                guard !keys.isEmpty else {
                    throw PostgresStoreFailure.failure(
                        .sink, PostgresStoreFailure.InnerCode.sqlError,
                        "An upsert into '\(table)' needs key columns: set sink.upsertSettings.keys, or give the table a primary key."
                    )
                }
                let names = Set(columns.map(\.name))
                if let missing = keys.first(where: { !names.contains($0) }) {
                    throw ActivityFailure.invalidProperty(
                        "sink.upsertSettings.keys",
                        "the key column '\(missing)' is not among the copied columns (\(columns.map(\.name).joined(separator: ", ")))"
                    )
                }
                copyTarget = PostgresTableName.quoted("pipehost_upsert_\(lease.backendProcessID)")
                try await connection.runToEnd(
                    PostgresQuery(
                        unsafeSQL:
                            "CREATE TEMP TABLE \(copyTarget) (LIKE \(table.sql) INCLUDING DEFAULTS) ON COMMIT DROP"))
            }
            return PostgresRowWriter(
                pool: pool, lease: lease, table: table, columns: columns, settings: settings, copyTarget: copyTarget,
                keys: keys)
        } catch {
            try? await connection.runToEnd("ROLLBACK")
            await pool.release(lease, reusable: !connection.isClosed)
            throw PostgresStoreFailure.statement(.sink, error, doing: doing)
        }
    }

    private init(
        pool: PostgresConnectionPool, lease: PooledPostgresConnection, table: PostgresTableName, columns: [Column],
        settings: PostgresSinkSettings, copyTarget: String, keys: [String]
    ) {
        self.pool = pool
        self.lease = lease
        self.table = table
        self.columns = columns
        self.settings = settings
        self.copyTarget = copyTarget
        self.keys = keys
        chunk = ByteBufferAllocator().buffer(capacity: Self.chunkBytes + 64 * 1024)
    }

    func write(_ rows: [[Cell]]) async throws(ActivityFailure) {
        guard lease != nil, !failed else {
            throw .systemError("The PostgreSQL sink was already closed or failed; no more rows can be written.")
        }
        for row in rows {
            guard row.count == columns.count else {
                failed = true
                await abandonCopy()
                throw PostgresStoreFailure.failure(
                    .sink, PostgresStoreFailure.InnerCode.dataConversion,
                    "A row has \(row.count) values for the \(columns.count) columns of '\(table)'.")
            }
            PostgresCopyText.append(row, to: &chunk)
            batchRows += 1
            if chunk.readableBytes >= Self.chunkBytes { try await send() }
            if batchBytes + chunk.readableBytes >= PostgresSinkSettings.maximumBatchBytes
                || settings.writeBatchSize.map({ batchRows >= $0 }) == true
            {
                try await endBatch()
            }
        }
    }

    /// Rows gathered before they go to the server: big enough that a send is cheap, small enough
    /// that the server starts storing while the copy converts the next rows.
    static let chunkBytes = 256 * 1024

    /// Sends the rows gathered so far into the batch's `COPY`, starting it for the batch's first rows.
    private func send() async throws(ActivityFailure) {
        guard chunk.readableBytes > 0, let lease else { return }
        do {
            if copy == nil {
                // postgres-nio writes `COPY "<table>" ("<column>", …)`: the quotes around each name are
                // its own, so the names go in with their inner quotes doubled and a schema joined by `"."`.
                let target = copyTarget.dropFirst().dropLast()
                let names = columns.map { $0.name.replacingOccurrences(of: "\"", with: "\"\"") }
                copy = try await PostgresCopyStream.start(on: lease.connection, table: String(target), columns: names)
            }
            try await copy?.write(chunk)
        } catch {
            failed = true
            let reason = await abandonCopy() ?? error
            throw PostgresStoreFailure.statement(.sink, reason, doing: "copying rows into '\(table)'")
        }
        batchBytes += chunk.readableBytes
        chunk.clear()
    }

    /// Ends the batch: its `COPY` stores the rows sent.
    private func endBatch() async throws(ActivityFailure) {
        try await send()
        guard let copy else { return }
        self.copy = nil
        do {
            try await copy.finish()
        } catch {
            failed = true
            throw PostgresStoreFailure.statement(.sink, error, doing: "copying rows into '\(table)'")
        }
        rowsWritten += Int64(batchRows)
        bytesWritten += Int64(batchBytes)
        batchRows = 0
        batchBytes = 0
    }

    /// Ends an open `COPY` without storing its rows; returns the server's error when it had one.
    @discardableResult
    private func abandonCopy() async -> (any Error)? {
        guard let copy else { return nil }
        self.copy = nil
        return await copy.abandon()
    }

    func commit() async throws(ActivityFailure) -> WrittenData {
        guard let lease, !failed else {
            throw .systemError("The PostgreSQL sink was already closed or failed; nothing can be committed.")
        }
        try await endBatch()
        do {
            if case .upsert = settings.behavior {
                for statement in upsertSQL() {
                    try await lease.connection.runToEnd(PostgresQuery(unsafeSQL: statement))
                }
            }
            try await lease.connection.runToEnd("COMMIT")
        } catch {
            failed = true
            throw PostgresStoreFailure.statement(.sink, error, doing: "committing the rows written to '\(table)'")
        }
        self.lease = nil
        await pool.release(lease, reusable: true)
        return WrittenData(bytes: bytesWritten, rows: rowsWritten, files: 0)
    }

    func abort() async {
        await abandonCopy()
        guard let lease else { return }
        self.lease = nil
        var reusable = !lease.connection.isClosed
        if reusable {
            do {
                try await lease.connection.runToEnd("ROLLBACK")
            } catch {
                reusable = false
            }
        }
        await pool.release(lease, reusable: reusable)
    }

    /// Update the rows whose keys match, then insert the others; NULL keys match NULL keys. Works
    /// with or without a unique constraint on the keys.
    private func upsertSQL() -> [String] {
        let quoted = columns.map { PostgresTableName.quoted($0.name) }
        let keySet = Set(keys)
        let match = keys.map {
            "t.\(PostgresTableName.quoted($0)) IS NOT DISTINCT FROM s.\(PostgresTableName.quoted($0))"
        }
        .joined(separator: " AND ")
        let updates = columns.filter { !keySet.contains($0.name) }.map {
            "\(PostgresTableName.quoted($0.name)) = s.\(PostgresTableName.quoted($0.name))"
        }
        var statements: [String] = []
        if !updates.isEmpty {
            statements.append(
                "UPDATE \(table.sql) AS t SET \(updates.joined(separator: ", ")) FROM \(copyTarget) AS s WHERE \(match)"
            )
        }
        let list = quoted.joined(separator: ", ")
        statements.append(
            "INSERT INTO \(table.sql) (\(list)) SELECT \(quoted.map { "s.\($0)" }.joined(separator: ", ")) FROM \(copyTarget) AS s "
                + "WHERE NOT EXISTS (SELECT 1 FROM \(table.sql) AS t WHERE \(match))")
        return statements
    }

    private static func exists(_ table: PostgresTableName, on connection: PostgresConnection) async throws -> Bool {
        var found = false
        for try await row in try await connection.query(
            "SELECT to_regclass(\(table.sql)) IS NOT NULL", logger: PostgresConnector.silentLogger)
        {
            found = try row.decode(Bool.self)
        }
        return found
    }

    private static func primaryKey(of table: PostgresTableName, on connection: PostgresConnection) async throws
        -> [String]
    {
        var keys: [String] = []
        let tableName = table.sql
        let query: PostgresQuery = """
            SELECT a.attname::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = \(tableName)::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)
            """
        for try await row in try await connection.query(query, logger: PostgresConnector.silentLogger) {
            keys.append(try row.decode(String.self))
        }
        return keys
    }

    private static func createTableSQL(_ table: PostgresTableName, columns: [Column]) -> String {
        let definitions = columns.map { "\(PostgresTableName.quoted($0.name)) \(PostgresSQLType.name(for: $0.type))" }
        return "CREATE TABLE IF NOT EXISTS \(table.sql) (\(definitions.joined(separator: ", ")))"
    }
}
