/// Parquet's RLE/bit-packed hybrid: definition levels, dictionary indices and (in v2 pages)
/// booleans. Runs are `varint(count << 1)` plus the value in ⌈width/8⌉ bytes; bit-packed groups
/// are `varint(groups << 1 | 1)` plus 8 values per group, least significant bit first.
enum ParquetRLE {
    /// Exactly `count` values of `width` bits (0...32) from `cursor`; the last bit-packed group may
    /// hold more values than needed, which are dropped.
    static func decode(_ cursor: inout ParquetByteCursor, width: Int, count: Int) throws(ParquetFailure) -> [UInt32] {
        guard width >= 0, width <= 32 else {
            throw .malformed("\(cursor.context) is malformed: an RLE bit width of \(width), expected 0...32")
        }
        var values: [UInt32] = []
        values.reserveCapacity(count)
        let valueBytes = (width + 7) / 8
        while values.count < count {
            let header = try cursor.varint()
            if header & 1 == 0 {
                let run = header >> 1
                guard run > 0 else { throw .malformed("\(cursor.context) is malformed: an RLE run of 0 values") }
                let value = try cursor.littleEndian(valueBytes)
                guard value >> UInt64(width) == 0 else {
                    throw .malformed("\(cursor.context) is malformed: an RLE value wider than \(width) bits")
                }
                let needed = min(Int(run), count - values.count)
                values.append(contentsOf: repeatElement(UInt32(value), count: needed))
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(cursor.remaining + 1) else {
                    throw .truncated(what: cursor.context)
                }
                let packed = try cursor.unpack(Int(groups) * 8, width: width)
                let needed = min(packed.count, count - values.count)
                for value in packed[0..<needed] { values.append(UInt32(truncatingIfNeeded: value)) }
            }
        }
        return values
    }

    /// `values` (each below 2^width) as RLE runs only: a valid hybrid stream every reader takes.
    static func encode(_ values: [UInt32], width: Int) -> [UInt8] {
        var output: [UInt8] = []
        let valueBytes = (width + 7) / 8
        var index = 0
        while index < values.count {
            let value = values[index]
            var run = 1
            while index + run < values.count, values[index + run] == value { run += 1 }
            var header = UInt64(run) << 1
            while header >= 0x80 {
                output.append(UInt8(header & 0x7F) | 0x80)
                header >>= 7
            }
            output.append(UInt8(header))
            for byte in 0..<valueBytes { output.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
            index += run
        }
        return output
    }

    /// The bits needed for values up to `maximum`.
    static func bitWidth(_ maximum: Int) -> Int {
        maximum <= 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}
