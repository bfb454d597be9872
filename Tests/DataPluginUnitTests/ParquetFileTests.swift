import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// Whole Parquet files through the plugin's writer and reader: every interim type with nulls,
/// every codec, several row groups and pages; malformed and corrupted files fail naming the file.
@Suite(.tags(.small))
struct ParquetFileTests {
    static func settings(_ codec: String) throws -> ParquetSettings {
        let dataset = Invocation.Dataset(
            json: ["name": "pq", "type": "Parquet", "typeProperties": ["compressionCodec": .string(codec)]])!
        return try ParquetSettings(dataset: dataset)
    }

    static let columns: [Column] = InterimType.allCases.map { Column(name: "c_\($0.rawValue)", type: $0) }

    /// One row of every interim type, then a row of nulls.
    static let rows: [[Cell]] = [
        [
            .boolean(true), .integer(200), .bytes([0, 1, 255]), .dateTime("2024-05-01"),
            .dateTime("2024-05-01T10:00:00.5"),
            .dateTime("2024-05-01T12:00:00+02:00"), .decimal("-12.5"), .double(2.5),
            .string("4b0e8f0a-9d3c-4f4e-8d3a-1c2b3a4d5e6f"),
            .integer(-300), .integer(-70_000), .integer(1 << 40), .double(1.25), .string("héllo, wörld"),
            .string("01:02:03"),
        ],
        [Cell](repeating: .null, count: 15),
    ]

    /// What the reader gives back for ``rows``: decimals at scale 18, offsets applied to UTC.
    static let expectedRows: [[Cell]] = [
        [
            .boolean(true), .integer(200), .bytes([0, 1, 255]), .dateTime("2024-05-01"),
            .dateTime("2024-05-01T10:00:00.5"),
            .dateTime("2024-05-01T10:00:00Z"), .decimal("-12.500000000000000000"), .double(2.5),
            .string("4b0e8f0a-9d3c-4f4e-8d3a-1c2b3a4d5e6f"), .integer(-300), .integer(-70_000), .integer(1 << 40),
            .double(1.25),
            .string("héllo, wörld"), .string("01:02:03"),
        ],
        [Cell](repeating: .null, count: 15),
    ]

    static func write(
        _ rows: [[Cell]], columns: [Column] = columns, codec: String = "snappy", groupRows: Int = 4, pageRows: Int = 3
    ) async throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try await ParquetRowWriter.open(
            sink: sink, file: "out.parquet", columns: columns, settings: try settings(codec), groupRows: groupRows,
            pageRows: pageRows)
        try await writer.write(rows)
        _ = try await writer.commit()
        return try #require(sink.committed)
    }

    static func read(_ bytes: [UInt8]) async throws -> (columns: [Column], rows: [[Cell]]) {
        let reader = try await ParquetRowReader.open(MemorySource(bytes: bytes, chunkSize: 1000), file: "in.parquet")
        let rows = try await allRows(reader)
        await reader.close()
        return (reader.columns, rows)
    }

    @Test(arguments: ["none", "snappy", "gzip", "zstd"])
    func everyInterimTypeRoundTrips(codec: String) async throws {
        // 11 rows: three row groups of up to 4 rows, pages of up to 3.
        let rows = Array((0..<5).flatMap { _ in Self.rows }) + [Self.rows[0]]
        let bytes = try await Self.write(rows, codec: codec)
        let (columns, read) = try await Self.read(bytes)
        let expectedTypes: [InterimType] = [
            .boolean, .byte, .byteArray, .date, .dateTime, .dateTime, .decimal, .double, .string, .int16, .int32,
            .int64,
            .single, .string, .string,
        ]
        #expect(columns.map(\.type) == expectedTypes)
        #expect(columns.map(\.name) == Self.columns.map(\.name))
        #expect(read == Array((0..<5).flatMap { _ in Self.expectedRows }) + [Self.expectedRows[0]])
    }

    @Test func anEmptyCopyWritesAValidFileWithTheColumns() async throws {
        let bytes = try await Self.write([], columns: [Column(name: "id", type: .int32)])
        let (columns, rows) = try await Self.read(bytes)
        #expect(columns == [Column(name: "id", type: .int32)])
        #expect(rows.isEmpty)
    }

    @Test func aValueThatDoesNotFitItsColumnFailsTheWrite() async throws {
        let sink = MemorySink()
        let writer = try await ParquetRowWriter.open(
            sink: sink, file: "out.parquet", columns: [Column(name: "n", type: .int32)],
            settings: try Self.settings("snappy"))
        try await writer.write([[.string("12")], [.string("twelve")]])
        await #expect(throws: DataFailure.typeConversion(column: "n", value: "twelve", type: "Int32").failure) {
            _ = try await writer.commit()
        }
        #expect(sink.committed == nil)
        #expect(sink.aborted)
    }

    @Test func codecsPipehostLacksFailNamingTheOnesItHas() async throws {
        await #expect(
            throws: ParquetFailure.unsupported(
                "the dataset's compressionCodec 'lzo' cannot be written; the codecs pipehost has are none, snappy, gzip and zstd"
            ).failure(file: "out.parquet")
        ) {
            _ = try await ParquetRowWriter.open(
                sink: MemorySink(), file: "out.parquet", columns: [], settings: try Self.settings("lzo"))
        }
        #expect(throws: ActivityFailure.self) { _ = try Self.settings("rar") }
        #expect(try Self.settings("ZSTD").codec == .zstd)
    }

    private func readFailure(_ bytes: [UInt8]) async -> ActivityFailure? {
        do {
            _ = try await Self.read(bytes)
            return nil
        } catch let failure as ActivityFailure {
            return failure
        } catch {
            return ActivityFailure.systemError("unexpected \(error)")
        }
    }

    @Test func filesThatAreNotParquetFailNamingTheFile() async throws {
        let valid = try await Self.write(Self.rows)
        let cases: [([UInt8], String)] = [
            ([], "the file has 0 bytes, too few for a Parquet file"),
            (Array("id,name\n1,a\n2,b\n".utf8), "the file does not start and end with PAR1"),
            (Array(valid.prefix(valid.count - 20)), "the file does not start and end with PAR1"),
            (
                Array(valid[..<4]) + [0, 0, 0, 0] + [0xFF, 0xFF, 0, 0] + Array("PAR1".utf8),
                "the footer length 65535 does not fit"
            ),
            (
                Array("PAR1".utf8) + [0x19, 0xF5, 0xC0, 0x84, 0x3D] + [5, 0, 0, 0] + Array("PAR1".utf8),
                "the file ends inside the file footer"
            ),
        ]
        for (bytes, fragment) in cases {
            let failure = await readFailure(bytes)
            #expect(failure?.errorCode == "ParquetInvalidData")
            #expect(failure?.message.contains("'in.parquet'") == true)
            #expect(failure?.message.contains(fragment) == true, "\(failure?.message ?? "no failure")")
        }
    }

    @Test func nestedColumnsFailNamingTheColumn() async throws {
        let schema = [
            ParquetSchemaElement(name: "schema", numChildren: 2),
            ParquetSchemaElement(type: .int32, repetition: .required, name: "id"),
            ParquetSchemaElement(repetition: .optional, name: "address", numChildren: 1),
            ParquetSchemaElement(type: .byteArray, repetition: .optional, name: "city"),
        ]
        var thrift = ThriftCompactWriter()
        ParquetFileMetaData(version: 1, schema: schema, numRows: 0, rowGroups: []).encode(into: &thrift)
        let length = UInt32(thrift.bytes.count)
        let bytes =
            Array("PAR1".utf8) + thrift.bytes + (0..<4).map { UInt8(truncatingIfNeeded: length >> UInt32(8 * $0)) }
            + Array("PAR1".utf8)
        let failure = await readFailure(bytes)
        #expect(failure?.message.contains("the column 'address' is nested") == true, "\(failure?.message ?? "")")

        let repeated = [
            ParquetSchemaElement(name: "schema", numChildren: 1),
            ParquetSchemaElement(type: .int32, repetition: .repeated, name: "tags"),
        ]
        var second = ThriftCompactWriter()
        ParquetFileMetaData(version: 1, schema: repeated, numRows: 0, rowGroups: []).encode(into: &second)
        let secondLength = UInt32(second.bytes.count)
        let repeatedBytes =
            Array("PAR1".utf8) + second.bytes
            + (0..<4).map { UInt8(truncatingIfNeeded: secondLength >> UInt32(8 * $0)) } + Array("PAR1".utf8)
        let repeatedFailure = await readFailure(repeatedBytes)
        #expect(repeatedFailure?.message.contains("the column 'tags' is repeated") == true)
    }

    /// Thousands of corrupted copies of a valid file: each reads or fails with an activity error,
    /// none traps or hangs.
    @Test(.tags(.medium), arguments: ["none", "snappy", "gzip", "zstd"])
    func corruptedFilesNeverCrashTheReader(codec: String) async throws {
        let valid = try await Self.write(Array((0..<3).flatMap { _ in Self.rows }), codec: codec)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var failures = 0
        for _ in 0..<1500 {
            var bytes = valid
            for _ in 0..<(1 + random(3)) {
                bytes[random(bytes.count)] = UInt8(truncatingIfNeeded: random(256))
            }
            if random(10) == 0 { bytes.removeSubrange(random(bytes.count)..<bytes.count) }
            if let failure = await readFailure(bytes) {
                failures += 1
                #expect(!failure.message.contains("unexpected"), "\(failure.message)")
            }
        }
        #expect(failures > 0)
    }
}
