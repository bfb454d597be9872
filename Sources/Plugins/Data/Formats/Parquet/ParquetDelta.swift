/// The delta encodings (DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY) and
/// BYTE_STREAM_SPLIT, decoding only: the writer uses PLAIN.
enum ParquetDelta {
    /// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value),
    /// then blocks of a minimum delta, one bit width per miniblock and the bit-packed miniblocks.
    /// Arithmetic wraps, as the format specifies; the cursor ends after the last miniblock used.
    static func binaryPacked(_ cursor: inout ParquetByteCursor, limit: Int) throws(ParquetFailure) -> [Int64] {
        let blockSize = try cursor.count("the delta block size", limit: 1 << 20)
        let miniblocks = try cursor.count("the miniblock count", limit: 1 << 16)
        let total = try cursor.count("the delta value count", limit: limit)
        guard miniblocks > 0, blockSize % 128 == 0, blockSize / miniblocks >= 32, (blockSize / miniblocks) % 32 == 0
        else {
            throw .malformed(
                "\(cursor.context) is malformed: a delta block of \(blockSize) values in \(miniblocks) miniblocks")
        }
        let perMiniblock = blockSize / miniblocks
        var values: [Int64] = []
        values.reserveCapacity(total)
        var last = try cursor.zigzagVarint()
        if total > 0 { values.append(last) }
        while values.count < total {
            let minimum = try cursor.zigzagVarint()
            let widthRange = try cursor.take(miniblocks)
            let widths = cursor.bytes[widthRange]
            for width in widths {
                guard values.count < total else { break }
                let deltas = try cursor.unpack(perMiniblock, width: Int(width))
                for delta in deltas {
                    guard values.count < total else { break }
                    last = last &+ minimum &+ Int64(bitPattern: delta)
                    values.append(last)
                }
            }
        }
        return values
    }

    /// DELTA_LENGTH_BYTE_ARRAY: the lengths delta-packed, then the bytes one after another.
    static func lengthByteArray(_ cursor: inout ParquetByteCursor, count: Int) throws(ParquetFailure) -> [[UInt8]] {
        let lengths = try binaryPacked(&cursor, limit: count)
        guard lengths.count == count else {
            throw .malformed("\(cursor.context) is malformed: \(lengths.count) lengths for \(count) values")
        }
        var values: [[UInt8]] = []
        values.reserveCapacity(count)
        for length in lengths {
            guard length >= 0, length <= Int64(cursor.remaining) else { throw .truncated(what: cursor.context) }
            let range = try cursor.take(Int(length))
            values.append(Array(cursor.bytes[range]))
        }
        return values
    }

    /// DELTA_BYTE_ARRAY: prefix lengths shared with the previous value, then the suffixes as
    /// DELTA_LENGTH_BYTE_ARRAY.
    static func byteArray(_ cursor: inout ParquetByteCursor, count: Int) throws(ParquetFailure) -> [[UInt8]] {
        let prefixes = try binaryPacked(&cursor, limit: count)
        let suffixes = try lengthByteArray(&cursor, count: prefixes.count)
        guard prefixes.count == count else {
            throw .malformed("\(cursor.context) is malformed: \(prefixes.count) prefixes for \(count) values")
        }
        var values: [[UInt8]] = []
        values.reserveCapacity(count)
        var previous: [UInt8] = []
        for (prefix, suffix) in zip(prefixes, suffixes) {
            guard prefix >= 0, prefix <= Int64(previous.count) else {
                throw .malformed(
                    "\(cursor.context) is malformed: a prefix of \(prefix) bytes after a value of \(previous.count)")
            }
            let value = Array(previous[0..<Int(prefix)]) + suffix
            values.append(value)
            previous = value
        }
        return values
    }

    /// BYTE_STREAM_SPLIT: byte k of every value in stream k.
    static func byteStreamSplit(
        _ cursor: inout ParquetByteCursor, type: ParquetPhysicalType, typeLength: Int, count: Int
    ) throws(ParquetFailure) -> ParquetValues {
        let width: Int
        switch type {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = typeLength
        default: throw .unsupported("BYTE_STREAM_SPLIT is not defined for \(type) columns")
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow else { throw .truncated(what: cursor.context) }
        let range = try cursor.take(total)
        let base = range.lowerBound
        var joined = [UInt8](repeating: 0, count: total)
        for index in 0..<count {
            for stream in 0..<width { joined[index * width + stream] = cursor.bytes[base + stream * count + index] }
        }
        var plain = ParquetByteCursor(joined, context: cursor.context)
        return try ParquetPlain.decode(&plain, type: type, typeLength: typeLength, count: count)
    }
}
