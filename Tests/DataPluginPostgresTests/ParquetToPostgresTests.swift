import Foundation
import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// A Parquet file's typed columns into PostgreSQL: the reader's interim types drive autoCreate,
/// and the values arrive exactly (the path a Parquet → PostgreSQL Copy takes).
@Suite("Parquet into PostgreSQL", .tags(.medium), .timeLimit(.minutes(3)))
struct ParquetToPostgresTests {
    /// Bytes kept in memory until commit.
    final class Bytes: ByteSink, ByteSource, @unchecked Sendable {
        var data: [UInt8] = []
        var offset = 0
        func write(_ bytes: [UInt8]) async throws(ActivityFailure) { data += bytes }
        func commit() async throws(ActivityFailure) -> Int64 { Int64(data.count) }
        func abort() async { data = [] }
        var bytesRead: Int64 { Int64(offset) }
        func read(maximum: Int) async throws(ActivityFailure) -> [UInt8] {
            let end = min(data.count, offset + maximum)
            defer { offset = end }
            return Array(data[offset..<end])
        }
        func close() async {}
    }

    @Test("typed Parquet columns become typed table columns with the same values")
    func parquetRowsLandTyped() async throws {
        let database = try TestDatabase.fromEnvironment()
        let schema = try await database.freshSchema()
        let store = PostgresTableStore()
        defer {
            Task {
                await database.drop(schema); await store.shutdown()
            }
        }
        let bytes = Bytes()
        let dataset = Invocation.Dataset(json: ["name": "pq", "type": "Parquet", "typeProperties": [:]])!
        let parquet = try await ParquetRowWriter.open(
            sink: bytes, file: "p.parquet",
            columns: [
                Column(name: "id", type: .int64), Column(name: "name", type: .string),
                Column(name: "price", type: .decimal),
                Column(name: "at", type: .dateTimeOffset), Column(name: "ok", type: .boolean),
            ], settings: try ParquetSettings(dataset: dataset))
        try await parquet.write([
            [.integer(1), .string("Ann"), .decimal("12.5"), .dateTime("2024-05-01T12:00:00+02:00"), .boolean(true)],
            [.integer(2), .null, .null, .null, .null],
        ])
        _ = try await parquet.commit()

        let reader = try await ParquetRowReader.open(bytes, file: "p.parquet")
        let writer = try await store.writer(
            dataset: database.dataset(["schema": .string(schema), "table": "FromParquet"]),
            sink: ["type": "AzurePostgreSqlSink", "tableOption": "autoCreate"], columns: reader.columns)
        while true {
            let rows = try await reader.next(limit: 1000)
            if rows.isEmpty { break }
            try await writer.write(rows)
        }
        await reader.close()
        #expect(try await writer.commit().rows == 2)
        let types = try await database.rows(
            """
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = '\(schema)' AND table_name = 'FromParquet' ORDER BY ordinal_position
            """)
        #expect(
            types == [
                ["id", "bigint"], ["name", "text"], ["price", "numeric"], ["at", "timestamp without time zone"],
                ["ok", "boolean"],
            ])
        let rows = try await database.rows(
            """
            SELECT id::text, name, price::text, to_char(at, 'YYYY-MM-DD HH24:MI'), ok::text
            FROM \(schema)."FromParquet" ORDER BY id
            """)
        #expect(
            rows == [["1", "Ann", "12.500000000000000000", "2024-05-01 10:00", "true"], ["2", nil, nil, nil, nil]])
    }
}
