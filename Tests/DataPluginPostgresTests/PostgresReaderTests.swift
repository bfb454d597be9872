import Foundation
import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// PostgresTableStore's reader against the real cluster `scripts/test` starts.
@Suite("PostgreSQL store: reading", .tags(.medium), .timeLimit(.minutes(3)))
struct PostgresReaderTests {
    let store = PostgresTableStore()

    func readAll(_ reader: any RowReader, limit: Int = 100) async throws -> [[Cell]] {
        var rows: [[Cell]] = []
        while true {
            let batch = try await reader.next(limit: limit)
            if batch.isEmpty { break }
            rows += batch
        }
        await reader.close()
        return rows
    }

    @Test("every common type reads as ADF's interim type, NULLs as null")
    func types() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        try await database.execute(
            """
            CREATE TABLE \(schema).typed (i2 smallint, i4 integer, i8 bigint, r real, d double precision,
              n numeric(30,10), b boolean, t text, vc varchar(10), c char(3), dt date, ts timestamp,
              tz timestamptz, tm time, iv interval, u uuid, by bytea, j json, jb jsonb, arr integer[], tarr text[])
            """,
            """
            INSERT INTO \(schema).typed VALUES (-32768, 2147483647, -9223372036854775808, 1.5, 3.141592653589793,
              '-12345678901234567890.0123456789', true, 'tab\there', 'ab', 'x', '2024-05-01', '2024-05-01 10:20:30.125',
              '2024-05-01 10:20:30+02', '10:20:30.5', '1 day 02:03:04', '6F1C2D4E-0C36-4F63-9D55-2F0B3F1E9A10',
              '\\x00ff10', '{"a": 1}', '{"b": [1, 2]}', '{1,NULL,3}', '{"a b",c,""}')
            """,
            "INSERT INTO \(schema).typed DEFAULT VALUES")
        let reader = try await store.reader(
            dataset: database.dataset(["schema": .string(schema), "table": "typed"]),
            source: ["type": "AzurePostgreSqlSource"])
        #expect(
            reader.columns.map(\.name) == [
                "i2", "i4", "i8", "r", "d", "n", "b", "t", "vc", "c", "dt", "ts", "tz", "tm", "iv", "u", "by", "j",
                "jb", "arr",
                "tarr",
            ])
        #expect(
            reader.columns.map(\.type) == [
                .int16, .int32, .int64, .single, .double, .decimal, .boolean, .string, .string, .string, .dateTime,
                .dateTime,
                .dateTimeOffset, .timeSpan, .timeSpan, .guid, .byteArray, .string, .string, .string, .string,
            ])
        let rows = try await readAll(reader)
        try #require(rows.count == 2)
        #expect(
            rows[0] == [
                .integer(-32768), .integer(2_147_483_647), .integer(.min), .double(1.5), .double(3.141592653589793),
                .decimal("-12345678901234567890.0123456789"), .boolean(true), .string("tab\there"), .string("ab"),
                .string("x  "), .dateTime("2024-05-01"), .dateTime("2024-05-01T10:20:30.125"),
                .dateTime("2024-05-01T08:20:30Z"), .string("10:20:30.5"), .string("1.02:03:04"),
                .string("6f1c2d4e-0c36-4f63-9d55-2f0b3f1e9a10"), .bytes([0, 255, 16]), .string(#"{"a": 1}"#),
                .string(#"{"b": [1, 2]}"#), .string("{1,NULL,3}"), .string(#"{"a b",c,""}"#),
            ])
        #expect(rows[1] == Array(repeating: Cell.null, count: 21))
    }

    @Test("numeric values keep every digit and their scale")
    func numerics() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let reader = try await store.reader(
            dataset: database.dataset([:]),
            source: [
                "query":
                    "SELECT 0::numeric, 0.5::numeric, -0.0001::numeric(10,4), 10000::numeric, 123456789.000::numeric(12,3), 'NaN'::numeric, 1e-20::numeric"
            ])
        let rows = try await readAll(reader)
        #expect(
            rows == [
                [
                    .decimal("0"), .decimal("0.5"), .decimal("-0.0001"), .decimal("10000"), .decimal("123456789.000"),
                    .decimal("NaN"), .decimal("0.00000000000000000001"),
                ]
            ])
    }

    @Test("a query without rows still has its columns")
    func zeroRows() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let reader = try await store.reader(
            dataset: database.dataset([:]), source: ["query": "SELECT 1::int AS id, 'x'::text AS name WHERE false"])
        #expect(reader.columns == [Column(name: "id", type: .int32), Column(name: "name", type: .string)])
        #expect(try await readAll(reader).isEmpty)
    }

    /// It measures the resident size of the whole process, which tests running beside it in the
    /// same process would raise too: `scripts/test` runs it in a process of its own afterwards
    /// (PIPEHOST_MEMORY_TESTS=1).
    @Test(
        "200,000 wide rows stream in batches without the result in memory", .tags(.large),
        .enabled(
            if: ProcessInfo.processInfo.environment["PIPEHOST_MEMORY_TESTS"] == "1",
            "measures the process's memory: scripts/test runs it alone in its own process"))
    func streaming() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let reader = try await store.reader(
            dataset: database.dataset([:]),
            source: ["query": "SELECT n, repeat('x', 1000) AS filler FROM generate_series(1, 200000) AS n"])
        let before = residentBytes()
        var count = 0
        var highest = before
        var last: Int64 = 0
        while true {
            let batch = try await reader.next(limit: 1000)
            if batch.isEmpty { break }
            #expect(batch.count <= 1000)
            count += batch.count
            if case .integer(let n) = batch.last?.first { last = n }
            highest = max(highest, residentBytes())
        }
        await reader.close()
        #expect(count == 200_000)
        #expect(last == 200_000)
        // The result is about 200 MB; reading it whole would raise the resident size by that much.
        #expect(highest - before < 64 << 20, "resident memory grew by \((highest - before) >> 20) MB")
    }

    @Test("a missing table fails on the source side with the server's message")
    func missingTable() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let error = await #expect(throws: ActivityFailure.self) {
            _ = try await store.reader(
                dataset: database.dataset(["schema": "public", "table": "no_such_table"]), source: [:])
        }
        #expect(error?.errorCode == "2200")
        #expect(error?.message.hasPrefix("Failure happened on 'Source' side. ErrorCode=PostgreSqlSqlError") == true)
        #expect(error?.message.contains("relation \"public.no_such_table\" does not exist") == true)
        #expect(error?.details?["sqlState"] == "42P01")
    }

    @Test("a failing query reports the SQL error")
    func failingQuery() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let reader = try await store.reader(
            dataset: database.dataset([:]), source: ["query": "SELECT 1 / (n - 3) FROM generate_series(1, 5) AS n"])
        let error = await #expect(throws: ActivityFailure.self) { _ = try await readAll(reader, limit: 1) }
        #expect(error?.errorCode == "2200")
        #expect(error?.message.contains("division by zero") == true)
        #expect(error?.details?["sqlState"] == "22012")
    }

    @Test("queryTimeout stops the query on the server")
    func queryTimeout() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: ActivityFailure.self) {
            let reader = try await store.reader(
                dataset: database.dataset([:]), source: ["query": "SELECT pg_sleep(300)", "queryTimeout": "00:00:01"])
            _ = try await readAll(reader)
        }
        // Well before the sleep's end, and by the server's statement timeout (not a cancel request).
        // The bound is loose on purpose: under the whole suite on two cores, leasing a connection
        // has taken half a minute.
        #expect(start.duration(to: clock.now) < .seconds(120))
        #expect(error?.message.contains("statement timeout") == true, "\(String(describing: error?.message))")
        #expect(error?.message.contains("ErrorCode=PostgreSqlTimeout") == true)
        #expect(error?.details?["sqlState"] == "57014")
    }

    @Test("a wrong password fails to connect and never shows the password")
    func badPassword() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let error = await #expect(throws: ActivityFailure.self) {
            _ = try await store.reader(
                dataset: database.dataset(["table": "t"], password: "wrong-secret-123"), source: [:])
        }
        #expect(error?.errorCode == "2200")
        #expect(error?.message.contains("ErrorCode=PostgreSqlFailedToConnect") == true)
        #expect(error?.message.contains("password authentication failed") == true)
        #expect(error?.message.contains("wrong-secret-123") == false)
        #expect(error?.message.contains(database.password) == false)
    }

    @Test("a refused connection says nothing listens there")
    func refused() async throws {
        let database = try TestDatabase.fromEnvironment()
        defer { Task { await store.shutdown() } }
        let error = await #expect(throws: ActivityFailure.self) {
            _ = try await store.reader(dataset: database.dataset(["table": "t"], port: 1), source: [:])
        }
        #expect(error?.errorCode == "2200")
        #expect(error?.failureType == .systemError)
        #expect(error?.message.contains("the connection was refused") == true)
    }

    /// The process's resident set size, from /proc/self/statm.
    func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
