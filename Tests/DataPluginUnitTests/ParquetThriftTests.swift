import TestSizeTags
import Testing

@testable import DataPluginCore

/// Thrift's compact protocol as Parquet's footer uses it: crafted bytes, skipping of unknown
/// fields, and malformed input that must fail with a precise error instead of trapping.
@Suite(.tags(.small))
struct ParquetThriftTests {
    /// Reads fields 1 (i32), 2 (binary) and 3 (list<i32>) of one struct; skips the rest.
    private func decode(_ bytes: [UInt8]) throws(ParquetFailure) -> (Int32?, String?, [Int32]?) {
        var reader = ThriftCompactReader(bytes, context: "the test struct")
        var number: Int32?
        var text: String?
        var list: [Int32]?
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .i32): number = try reader.i32()
            case (2, .binary): text = try reader.string()
            case (3, .list): list = try reader.list { reader, _ throws(ParquetFailure) in try reader.i32() }
            default: return false
            }
            return true
        }
        return (number, text, list)
    }

    @Test func readsFieldsByDeltaAndLongForm() throws {
        // 1: i32 5 (zigzag 10); 2: "ab"; 3: list<i32> [1, -2]; stop.
        let (number, text, list) = try decode([0x15, 0x0A, 0x18, 0x02, 0x61, 0x62, 0x19, 0x25, 0x02, 0x03, 0x00])
        #expect(number == 5)
        #expect(text == "ab")
        #expect(list == [1, -2])
        // The same i32 with a long-form field id (delta 0, then zigzag i16 id 1 = 0x02).
        let (long, _, _) = try decode([0x05, 0x02, 0x0A, 0x00])
        #expect(long == 5)
    }

    @Test func skipsUnknownFieldsOfEveryType() throws {
        var bytes: [UInt8] = [0x41]  // 4: bool true (in the header)
        bytes += [0x16, 0xFE, 0xFF, 0x03]  // 5: i64 (varint)
        bytes += [0x17, 1, 2, 3, 4, 5, 6, 7, 8]  // 6: double
        // 7: struct { 1: list<struct{1: binary "x"}> [one], 2: map<i32, binary> {1: "y"}, 3: set<bool> [true] }
        bytes += [0x1C, 0x19, 0x1C, 0x18, 0x01, 0x78, 0x00, 0x1B, 0x01, 0x58, 0x02, 0x01, 0x79, 0x1A, 0x11, 0x01, 0x00]
        bytes += [0x1B, 0x00]  // 8: empty map
        bytes += [0x13, 0x7F]  // 9: byte
        bytes += [0x84, 0x0A]  // 17 (delta 8): i16
        bytes += [0x05, 0x02, 0x0A]  // 1 (long form): i32 5
        bytes += [0x00]
        let (number, text, list) = try decode(bytes)
        #expect(number == 5)
        #expect(text == nil)
        #expect(list == nil)
    }

    @Test(arguments: [
        ([0x15] as [UInt8], ParquetFailure.truncated(what: "the test struct")),
        ([0x18, 0x05, 0x61], .truncated(what: "the test struct")),
        ([0x19, 0xF5, 0xC0, 0x84, 0x3D], .truncated(what: "the test struct")),  // a list claiming 1,000,000 elements
        ([0x1D, 0x00], .malformed("the test struct is malformed: an unknown Thrift type id 13")),
        (
            [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
            .malformed("the test struct is malformed: a varint longer than 32 bits")
        ),
        ([0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F], .malformed("the test struct is malformed: an i32 out of range")),
    ])
    func malformedInputFailsPrecisely(bytes: [UInt8], expected: ParquetFailure) {
        #expect(throws: expected) { _ = try decode(bytes) }
    }

    @Test func deepNestingFailsInsteadOfRecursing() {
        // 10,000 nested structs (field 9 each time): the skip stack stops at the depth limit.
        let bytes = [UInt8](repeating: 0x9C, count: 10_000) + [UInt8](repeating: 0, count: 10_001)
        #expect(
            throws: ParquetFailure.malformed("the test struct is malformed: structures nested deeper than 32 levels")
        ) {
            _ = try decode(bytes)
        }
        // Lists of lists nest the same way.
        let lists = [0x19] + [UInt8](repeating: 0x19, count: 10_000)
        #expect(
            throws: ParquetFailure.malformed("the test struct is malformed: structures nested deeper than 32 levels")
        ) {
            _ = try decode(lists)
        }
    }

    @Test func theWriterAndReaderAgreeOnTheFooter() throws {
        let metadata = ParquetFileMetaData(
            version: 1,
            schema: ParquetSchemaMapping.schema([
                ParquetColumn(name: "id", physical: .int64, optional: true, logical: nil),
                ParquetColumn(
                    name: "price", physical: .fixedLenByteArray, typeLength: 16, optional: true,
                    logical: .decimal(scale: 18, precision: 38)),
                ParquetColumn(
                    name: "at", physical: .int64, optional: true,
                    logical: .timestamp(unit: .micros, adjustedToUTC: true)),
            ]),
            numRows: 3,
            rowGroups: [
                ParquetRowGroup(
                    columns: [
                        ParquetColumnChunk(
                            filePath: nil, fileOffset: 4,
                            metaData: ParquetColumnMetaData(
                                type: .int64, encodings: [.plain, .rle], pathInSchema: ["id"], codec: .snappy,
                                numValues: 3,
                                totalUncompressedSize: 100, totalCompressedSize: 90, dataPageOffset: 4))
                    ], totalByteSize: 100, numRows: 3)
            ],
            createdBy: "pipehost")
        var writer = ThriftCompactWriter()
        metadata.encode(into: &writer)
        var reader = ThriftCompactReader(writer.bytes, context: "the file footer")
        #expect(try ParquetFileMetaData(thrift: &reader) == metadata)
        #expect(reader.remaining == 0)
    }
}
