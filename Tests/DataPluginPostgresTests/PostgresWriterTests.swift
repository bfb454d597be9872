import Foundation
import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// PostgresTableStore's writer against the real cluster `scripts/test` starts.
@Suite("PostgreSQL store: writing", .tags(.medium), .timeLimit(.minutes(3)))
struct PostgresWriterTests {
    let store = PostgresTableStore()

    let columns = [Column(name: "id", type: .int32), Column(name: "name", type: .string)]

    @Test(
        "autoCreate makes the table from the columns' types; text with tabs, newlines, backslashes and NULLs arrives intact"
    )
    func autoCreateAndEscaping() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        let columns = [
            Column(name: "id", type: .int64), Column(name: "Name", type: .string),
            Column(name: "amount", type: .decimal),
            Column(name: "ok", type: .boolean), Column(name: "at", type: .dateTimeOffset),
            Column(name: "raw", type: .byteArray),
        ]
        let writer = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "Created"]),
            sink: ["type": "AzurePostgreSqlSink", "tableOption": "autoCreate"], columns: columns)
        try await writer.write([
            [
                .integer(1), .string("tab\there\nnew line\\back\rcr"), .decimal("12.50"), .boolean(true),
                .dateTime("2024-05-01T10:00:00Z"), .bytes([0, 1, 254]),
            ],
            [.integer(2), .string("\\N"), .null, .boolean(false), .null, .null],
            [.integer(3), .null, .string("-1"), .null, .null, .bytes([])],
        ])
        let written = try await writer.commit()
        #expect(written.rows == 3)
        #expect(written.bytes > 0)
        let types = try await database.rows(
            """
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = '\(schema)' AND table_name = 'Created' ORDER BY ordinal_position
            """)
        #expect(
            types == [
                ["id", "bigint"], ["Name", "text"], ["amount", "numeric"], ["ok", "boolean"],
                ["at", "timestamp with time zone"], ["raw", "bytea"],
            ])
        let rows = try await database.rows(
            """
            SELECT id::text, "Name", amount::text, ok::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), raw::text
            FROM \(schema)."Created" ORDER BY id
            """)
        #expect(
            rows == [
                ["1", "tab\there\nnew line\\back\rcr", "12.50", "true", "2024-05-01 10:00", "\\x0001fe"],
                ["2", "\\N", nil, "false", nil, nil],
                ["3", nil, "-1", nil, nil, "\\x"],
            ])
    }

    @Test("nothing is visible before commit, even after batches were sent")
    func invisibleBeforeCommit() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        try await database.execute("CREATE TABLE \(schema).t (id integer, name text)")
        let writer = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "t"]), sink: ["writeBatchSize": 2],
            columns: columns)
        try await writer.write((1...5).map { [.integer(Int64($0)), .string("row \($0)")] })
        #expect(try await database.rows("SELECT count(*)::text FROM \(schema).t") == [["0"]])
        let written = try await writer.commit()
        #expect(written.rows == 5)
        #expect(try await database.rows("SELECT count(*)::text FROM \(schema).t") == [["5"]])
    }

    @Test("the preCopyScript runs in the copy's transaction, several statements at once")
    func preCopyScript() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        try await database.execute(
            "CREATE TABLE \(schema).t (id integer, name text)", "CREATE TABLE \(schema).log (note text)",
            "INSERT INTO \(schema).t VALUES (99, 'old')")
        let writer = try await store.writer(
            dataset: database.dataset(["tableName": .string("\(schema).t")]),
            sink: [
                "preCopyScript": .string("DELETE FROM \(schema).t; INSERT INTO \(schema).log VALUES ('a;b') -- done;")
            ],
            columns: columns)
        try await writer.write([[.integer(1), .string("new")]])
        _ = try await writer.commit()
        #expect(try await database.rows("SELECT id::text, name FROM \(schema).t") == [["1", "new"]])
        #expect(try await database.rows("SELECT note FROM \(schema).log") == [["a;b"]])
    }

    @Test("upsert updates matching keys and inserts the rest, by given keys or the primary key")
    func upsert() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        try await database.execute(
            "CREATE TABLE \(schema).keyed (id integer PRIMARY KEY, name text)",
            "CREATE TABLE \(schema).loose (id integer, name text)",
            "INSERT INTO \(schema).keyed VALUES (1, 'one'), (2, 'two')",
            "INSERT INTO \(schema).loose VALUES (1, 'one'), (2, 'two')")
        let rows: [[Cell]] = [[.integer(2), .string("TWO")], [.integer(3), .string("three")]]
        let byPrimaryKey = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "keyed"]), sink: ["writeMethod": "Upsert"],
            columns: columns)
        try await byPrimaryKey.write(rows)
        #expect(try await byPrimaryKey.commit().rows == 2)
        let byKeys = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "loose"]),
            sink: ["writeBehavior": "upsert", "upsertSettings": ["keys": ["id"]]], columns: columns)
        try await byKeys.write(rows)
        _ = try await byKeys.commit()
        for table in ["keyed", "loose"] {
            #expect(
                try await database.rows("SELECT id::text, name FROM \(schema).\(table) ORDER BY id")
                    == [["1", "one"], ["2", "TWO"], ["3", "three"]])
        }
    }

    @Test("a constraint violation mid-stream fails the sink and abort leaves the table as it was")
    func rollbackOnViolation() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        try await database.execute(
            "CREATE TABLE \(schema).t (id integer PRIMARY KEY, name text)", "INSERT INTO \(schema).t VALUES (5, 'five')"
        )
        let writer = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "t"]),
            sink: ["writeBatchSize": 3, "preCopyScript": .string("DELETE FROM \(schema).t WHERE id = 5")],
            columns: columns)
        let error = await #expect(throws: ActivityFailure.self) {
            try await writer.write((1...10).map { [.integer(Int64($0 % 4)), .string("row \($0)")] })
            _ = try await writer.commit()
        }
        await writer.abort()
        #expect(error?.errorCode == "2200")
        #expect(error?.message.hasPrefix("Failure happened on 'Sink' side. ErrorCode=PostgreSqlSqlError") == true)
        #expect(error?.details?["sqlState"] == "23505")
        #expect(try await database.rows("SELECT id::text, name FROM \(schema).t") == [["5", "five"]])
    }

    @Test("a missing table without autoCreate names the table and the fix")
    func missingTable() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let error = await #expect(throws: ActivityFailure.self) {
            _ = try await store.writer(
                dataset: database.dataset(["schema": "public", "table": "absent_table"]), sink: [:], columns: columns)
        }
        #expect(error?.errorCode == "2200")
        #expect(error?.message.contains("ErrorCode=PostgreSqlTableNotFound") == true)
        #expect(error?.message.contains("'public.absent_table' does not exist") == true)
        #expect(error?.message.contains("autoCreate") == true)
    }

    @Test("bad sink settings are 2105 errors naming the property")
    func badSettings() throws {
        #expect(
            throws: ActivityFailure.invalidProperty(
                "sink.writeMethod", "expected one of BulkInsert, CopyCommand, Upsert, found 'merge'")
        ) {
            _ = try PostgresSinkSettings(sink: ["writeMethod": "merge"])
        }
        let error = #expect(throws: ActivityFailure.self) { _ = try PostgresSinkSettings(sink: ["writeBatchSize": -1]) }
        #expect(error?.errorCode == "2105")
        #expect(error?.message.contains("sink.writeBatchSize") == true)
    }
}
