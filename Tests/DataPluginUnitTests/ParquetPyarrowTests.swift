import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// pyarrow as the peer: pipehost reads what pyarrow writes (every codec, dictionary on and off,
/// data pages v1 and v2, delta and byte-stream-split encodings, INT96, many row groups and pages)
/// and pyarrow reads what pipehost writes, with the same values and types.
@Suite(.tags(.large), .enabled(if: Pyarrow.python != nil, "needs python3 and pip access to PyPI for pyarrow"))
struct ParquetPyarrowTests {
    static let typeNames: [(String, InterimType)] = [
        ("b", .boolean), ("i8", .int16), ("u8", .byte), ("i16", .int16), ("u16", .int32), ("i32", .int32),
        ("u32", .int64),
        ("i64", .int64), ("u64", .decimal), ("f32", .single), ("f64", .double), ("s", .string), ("bin", .byteArray),
        ("d", .date), ("ts_ms", .dateTime), ("ts_us_utc", .dateTime), ("ts_ns", .dateTime), ("dec", .decimal),
        ("dec38", .decimal), ("fixed", .byteArray),
    ]

    static let typeRows: [[Cell]] = [
        [
            .boolean(true), .integer(-5), .integer(200), .integer(-300), .integer(65535), .integer(-70000),
            .integer(4_294_967_295),
            .integer(1 << 40), .decimal("18446744073709551615"), .double(1.25), .double(2.5), .string("héllo"),
            .bytes([0, 1]),
            .dateTime("2024-05-01"), .dateTime("2024-05-01T10:00:00.123"), .dateTime("2024-05-01T10:00:00.123456Z"),
            .dateTime("2024-05-01T10:00:00.000000001"), .decimal("12.50"), .decimal("-1234567890.123456789012345678"),
            .bytes(Array("abc".utf8)),
        ],
        [Cell](repeating: .null, count: 20),
        [
            .boolean(false), .integer(127), .integer(0), .integer(7), .integer(1), .integer(2_147_483_647), .integer(0),
            .integer(-1),
            .decimal("1"), .double(-0.5), .double(1e300), .string(""), .bytes([]), .dateTime("1969-12-31"),
            .dateTime("1969-12-31T23:59:59.999"), .dateTime("1970-01-01T00:00:00Z"), .dateTime("1970-01-01T00:00:00"),
            .decimal("-0.01"), .decimal("0.000000000000000000"), .bytes(Array("xyz".utf8)),
        ],
    ]

    private func read(_ path: String) async throws -> (columns: [Column], rows: [[Cell]]) {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        let bytes = [UInt8](try handle.readToEnd() ?? Data())
        try handle.close()
        return try await ParquetFileTests.read(bytes)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pyarrow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func pipehostReadsWhatPyarrowWrites() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try await Pyarrow.run(["write", folder.path])
        #expect(status == 0, "\(output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 20, "\(names)")

        for name in names where name.hasPrefix("types-") {
            let (columns, rows) = try await read(folder.appendingPathComponent(name).path)
            #expect(columns.map(\.name) == Self.typeNames.map(\.0), "\(name)")
            #expect(columns.map(\.type) == Self.typeNames.map(\.1), "\(name)")
            #expect(rows == Self.typeRows, "\(name)")
        }

        // INT96 timestamps read as date-times without an offset, to the nanosecond.
        let (int96Columns, int96Rows) = try await read(folder.appendingPathComponent("int96.parquet").path)
        #expect(int96Columns[14...16].map(\.type) == [.dateTime, .dateTime, .dateTime])
        #expect(
            int96Rows.map { Array($0[14...16]) } == [
                [
                    .dateTime("2024-05-01T10:00:00.123"), .dateTime("2024-05-01T10:00:00.123456"),
                    .dateTime("2024-05-01T10:00:00.000000001"),
                ],
                [.null, .null, .null],
                [
                    .dateTime("1969-12-31T23:59:59.999"), .dateTime("1970-01-01T00:00:00"),
                    .dateTime("1970-01-01T00:00:00"),
                ],
            ])

        // 50,000 rows in three row groups of many small pages, dictionary and delta encoded;
        // compared batch by batch, so the test holds no more rows than the reader does.
        for name in ["big-dict.parquet", "big-delta.parquet"] {
            let path = folder.appendingPathComponent(name).path
            let handle = try #require(FileHandle(forReadingAtPath: path))
            let bytes = [UInt8](try handle.readToEnd() ?? Data())
            try handle.close()
            let reader = try await ParquetRowReader.open(MemorySource(bytes: bytes, chunkSize: 64 * 1024), file: name)
            #expect(
                reader.columns
                    == [Column(name: "id", type: .int64), Column(name: "name", type: .string), Column(name: "value", type: .double)])
            var index = 0
            var mismatches = 0
            while true {
                let batch = try await reader.next(limit: 1000)
                if batch.isEmpty { break }
                for row in batch {
                    let expected: [Cell] = [
                        .integer(Int64(index)), .string("name \(index % 100)"), index % 7 == 0 ? .null : .double(Double(index) * 0.5),
                    ]
                    if row != expected { mismatches += 1 }
                    index += 1
                }
            }
            await reader.close()
            #expect(index == 50_000, "\(name)")
            #expect(mismatches == 0, "\(name)")
        }
    }

    @Test func pyarrowReadsWhatPipehostWrites() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for codec in ["none", "snappy", "gzip", "zstd"] {
            let rows = Array((0..<5).flatMap { _ in ParquetFileTests.rows }) + [ParquetFileTests.rows[0]]
            let bytes = try await ParquetFileTests.write(rows, codec: codec)
            let path = folder.appendingPathComponent("pipehost-\(codec).parquet").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            paths.append(path)
        }
        let (status, output) = try await Pyarrow.run(["check"] + paths)
        #expect(status == 0, "\(output)")
        #expect(output.contains("PYARROW-CHECKS-PASSED 4"), "\(output)")
    }
}
