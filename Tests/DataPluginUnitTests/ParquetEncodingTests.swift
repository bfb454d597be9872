import TestSizeTags
import Testing

@testable import DataPluginCore

/// Parquet's value encodings on crafted bytes (the examples of the format's Encodings.md where it
/// has them), and truncated or malformed input that must fail precisely.
@Suite(.tags(.small))
struct ParquetEncodingTests {
    private func cursor(_ bytes: [UInt8]) -> ParquetByteCursor { ParquetByteCursor(bytes, context: "the test page") }

    @Test func rleHybridReadsRunsAndBitPackedGroups() throws {
        // A run of 5 × 3 (header 5 << 1, value in one byte), then one bit-packed group of
        // 0...7 at width 3 (Encodings.md's example: 10001000 11000110 11111010).
        var bytes = cursor([0x0A, 0x03, 0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
        #expect(try ParquetRLE.decode(&bytes, width: 3, count: 13) == [3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7])
        // The group's padding beyond `count` is dropped.
        var short = cursor([0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
        #expect(try ParquetRLE.decode(&short, width: 3, count: 5) == [0, 1, 2, 3, 4])
    }

    @Test func rleEncodingRoundTrips() throws {
        let values: [UInt32] = [1, 1, 1, 0, 1, 0, 0, 0, 0, 1] + [UInt32](repeating: 1, count: 300)
        var bytes = cursor(ParquetRLE.encode(values, width: 1))
        #expect(try ParquetRLE.decode(&bytes, width: 1, count: values.count) == values)
        #expect(bytes.remaining == 0)
        #expect(ParquetRLE.bitWidth(0) == 0)
        #expect(ParquetRLE.bitWidth(1) == 1)
        #expect(ParquetRLE.bitWidth(255) == 8)
    }

    @Test(arguments: [
        ([0x0A] as [UInt8], 3, ParquetFailure.truncated(what: "the test page")),  // a run without its value
        ([0x03, 0x88], 3, .truncated(what: "the test page")),  // a group of 3 bytes with one
        ([0x00], 1, .malformed("the test page is malformed: an RLE run of 0 values")),
        ([0x02, 0x05], 1, .malformed("the test page is malformed: an RLE value wider than 1 bits")),
        ([0x02, 0x00], 33, .malformed("the test page is malformed: an RLE bit width of 33, expected 0...32")),
    ])
    func malformedRLEFails(bytes: [UInt8], width: Int, expected: ParquetFailure) {
        var input = cursor(bytes)
        #expect(throws: expected) { _ = try ParquetRLE.decode(&input, width: width, count: 4) }
    }

    @Test func deltaBinaryPackedReadsTheSpecExample() throws {
        // Encodings.md: 1, 2, 3, 4, 5 → block 128, 4 miniblocks, 5 values, first 1, min delta 1,
        // bit widths 0 (all deltas equal the minimum).
        var bytes = cursor([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00])
        #expect(try ParquetDelta.binaryPacked(&bytes, limit: 10) == [1, 2, 3, 4, 5])
        #expect(bytes.remaining == 0)
        // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2, deltas+2 = 0 0 0 3 3 3 3 at width 2 in the first miniblock.
        var second: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00]
        second += [0b1100_0000, 0b1111_1111] + [UInt8](repeating: 0, count: 6)  // 32 values × 2 bits
        var input = cursor(second)
        #expect(try ParquetDelta.binaryPacked(&input, limit: 10) == [7, 5, 3, 1, 2, 3, 4, 5])
        #expect(input.remaining == 0)
    }

    @Test func deltaBinaryPackedRejectsBadHeaders() {
        var tooMany = cursor([0x80, 0x01, 0x04, 0x64, 0x02])
        #expect(
            throws: ParquetFailure.malformed("the test page is malformed: the delta value count is 100, more than 10")
        ) {
            _ = try ParquetDelta.binaryPacked(&tooMany, limit: 10)
        }
        var badBlock = cursor([0x10, 0x04, 0x05, 0x02])
        #expect(
            throws: ParquetFailure.malformed("the test page is malformed: a delta block of 16 values in 4 miniblocks")
        ) {
            _ = try ParquetDelta.binaryPacked(&badBlock, limit: 10)
        }
        var truncated = cursor([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x05, 0x05])
        #expect(throws: ParquetFailure.truncated(what: "the test page")) {
            _ = try ParquetDelta.binaryPacked(&truncated, limit: 10)
        }
    }

    @Test func deltaByteArraysShareTheirPrefixes() throws {
        // "Hello", "World" as DELTA_LENGTH_BYTE_ARRAY: lengths 5, 5 then the bytes.
        var lengths = cursor([0x80, 0x01, 0x04, 0x02, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00] + Array("HelloWorld".utf8))
        #expect(try ParquetDelta.lengthByteArray(&lengths, count: 2) == [Array("Hello".utf8), Array("World".utf8)])
        // "axis", "axle", "babble": prefixes 0, 2, 0; suffixes "axis", "le", "babble".
        // Built by the encoder instead of by hand: the prefixes and suffix lengths as delta blocks.
        let encoded = deltaBlock([0, 2, 0]) + deltaBlock([4, 2, 6]) + Array("axislebabble".utf8)
        var input = cursor(encoded)
        #expect(try ParquetDelta.byteArray(&input, count: 3) == ["axis", "axle", "babble"].map { Array($0.utf8) })
        var broken = cursor(deltaBlock([3]) + deltaBlock([1]) + [0x61])
        #expect(throws: ParquetFailure.malformed("the test page is malformed: a prefix of 3 bytes after a value of 0"))
        {
            _ = try ParquetDelta.byteArray(&broken, count: 1)
        }
    }

    /// One DELTA_BINARY_PACKED block of 128 values in 4 miniblocks for `values` (widths up to 8).
    private func deltaBlock(_ values: [Int64]) -> [UInt8] {
        func zigzag(_ value: Int64) -> [UInt8] {
            var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
            var bytes: [UInt8] = []
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            return bytes + [UInt8(rest)]
        }
        var bytes: [UInt8] = [0x80, 0x01, 0x04, UInt8(values.count)] + zigzag(values.first ?? 0)
        guard values.count > 1 else { return bytes }
        let deltas = zip(values.dropFirst(), values).map { $0 - $1 }
        let minimum = deltas.min() ?? 0
        bytes += zigzag(minimum)
        bytes += [8, 8, 8, 8]
        var packed = [UInt8](repeating: 0, count: 32)
        for (index, delta) in deltas.enumerated() { packed[index] = UInt8(delta - minimum) }
        return bytes + packed
    }

    @Test func byteStreamSplitInterleavesBytes() throws {
        // 1.0f = 00 00 80 3F and 2.0f = 00 00 00 40, split into four streams of two bytes.
        var bytes = cursor([0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3F, 0x40])
        guard case .floats(let values) = try ParquetDelta.byteStreamSplit(&bytes, type: .float, typeLength: 0, count: 2)
        else {
            Issue.record("not floats")
            return
        }
        #expect(values == [1.0, 2.0])
    }

    @Test func plainValuesRoundTripAndTruncationFails() throws {
        let samples: [ParquetValues] = [
            .booleans([true, false, true, true, false, false, false, false, true]), .int32s([0, -1, .max, .min]),
            .int64s([0, -1, .max, .min]), .doubles([0, -1.5, .infinity]), .binaries([[], [1, 2, 3]]),
        ]
        let types: [ParquetPhysicalType] = [.boolean, .int32, .int64, .double, .byteArray]
        for (values, type) in zip(samples, types) {
            var bytes = cursor(ParquetPlain.encode(values))
            let decoded = try ParquetPlain.decode(&bytes, type: type, typeLength: 0, count: values.count)
            #expect("\(decoded)" == "\(values)")
        }
        var truncated = cursor([0x01, 0x00, 0x00, 0x00])
        #expect(throws: ParquetFailure.truncated(what: "the test page")) {
            _ = try ParquetPlain.decode(&truncated, type: .int64, typeLength: 0, count: 1)
        }
        var lying = cursor([0xFF, 0xFF, 0xFF, 0x7F, 0x61])
        #expect(throws: ParquetFailure.truncated(what: "the test page")) {
            _ = try ParquetPlain.decode(&lying, type: .byteArray, typeLength: 0, count: 1)
        }
    }

    @Test func decimalsReadAndWriteExactly() throws {
        #expect(ParquetDecimal.text(unscaled: 1250, scale: 2) == "12.50")
        #expect(ParquetDecimal.text(unscaled: -5, scale: 3) == "-0.005")
        #expect(ParquetDecimal.text(unscaled: 0, scale: 2) == "0.00")
        #expect(ParquetDecimal.text(unscaled: 7, scale: 0) == "7")
        #expect(try ParquetDecimal.text(bigEndian: [0xFF, 0x85], scale: 1) == "-12.3")
        // 10^30 + 1 at scale 18 in 16 bytes, through the writer's conversion and back.
        let text = "1000000000000.000000000000000001"
        let bytes = try #require(ParquetDecimal.unscaledBytes(text, scale: 18, precision: 38, width: 16))
        #expect(try ParquetDecimal.text(bigEndian: bytes, scale: 18) == text)
        let negative = try #require(ParquetDecimal.unscaledBytes("-12.5", scale: 18, precision: 38, width: 16))
        #expect(try ParquetDecimal.text(bigEndian: negative, scale: 18) == "-12.500000000000000000")
        #expect(ParquetDecimal.unscaledBytes("1.0000000000000000001", scale: 18, precision: 38, width: 16) == nil)
        #expect(ParquetDecimal.unscaledBytes("123456789012345678901", scale: 18, precision: 38, width: 16) == nil)
        #expect(ParquetDecimal.unscaledBytes("12a", scale: 18, precision: 38, width: 16) == nil)
        #expect(throws: ParquetFailure.unsupported("a DECIMAL value of 65 bytes is wider than the 64 pipehost reads")) {
            _ = try ParquetDecimal.text(bigEndian: [UInt8](repeating: 1, count: 65), scale: 0)
        }
    }

    @Test func timesReadAsISOText() {
        #expect(ParquetTime.dateText(days: 0) == "1970-01-01")
        #expect(ParquetTime.dateText(days: 19844) == "2024-05-01")
        #expect(ParquetTime.dateText(days: -1) == "1969-12-31")
        #expect(
            ParquetTime.timestampText(1_714_557_600_123_456, unit: .micros, utc: true) == "2024-05-01T10:00:00.123456Z")
        #expect(ParquetTime.timestampText(-1, unit: .millis, utc: false) == "1969-12-31T23:59:59.999")
        #expect(
            ParquetTime.timestampText(1_714_557_600_000_000_001, unit: .nanos, utc: false)
                == "2024-05-01T10:00:00.000000001")
        #expect(ParquetTime.timeText(3_723_500, unit: .millis) == "01:02:03.5")
        // INT96: nanoseconds of the day, then Julian day 2460432 (2024-05-01).
        let nanos = UInt64(36_000) * 1_000_000_000
        let julian: UInt32 = 2_460_432
        let int96 =
            (0..<8).map { UInt8(truncatingIfNeeded: nanos >> UInt64(8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: julian >> UInt32(8 * $0)) }
        #expect(ParquetTime.int96Text(int96) == "2024-05-01T10:00:00")
        let parsed = ParquetTime.parse("2024-05-01 10:00:00.5+02:00")
        #expect(parsed == ParquetTime.Parsed(days: 19844, microseconds: 36_000_500_000, offsetSeconds: 7200))
        #expect(parsed?.utcMicroseconds == 1_714_550_400_500_000)
        #expect(ParquetTime.parse("2024-05-01") == ParquetTime.Parsed(days: 19844, microseconds: 0, offsetSeconds: nil))
        #expect(ParquetTime.parse("2024-13-01") == nil)
        #expect(ParquetTime.parse("yesterday") == nil)
    }
}
