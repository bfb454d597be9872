/// Decoded values of one physical type, before they become cells: the output of every value
/// encoding (PLAIN, dictionary, delta, byte stream split). INT96 and FIXED_LEN_BYTE_ARRAY values
/// are `binaries` of their fixed width.
enum ParquetValues: Sendable {
    case booleans([Bool])
    case int32s([Int32])
    case int64s([Int64])
    case floats([Float])
    case doubles([Double])
    case binaries([[UInt8]])

    var count: Int {
        switch self {
        case .booleans(let values): values.count
        case .int32s(let values): values.count
        case .int64s(let values): values.count
        case .floats(let values): values.count
        case .doubles(let values): values.count
        case .binaries(let values): values.count
        }
    }
}

/// The PLAIN encoding: fixed-width little-endian values, booleans bit-packed, byte arrays each
/// after a 4-byte length.
enum ParquetPlain {
    static func decode(
        _ cursor: inout ParquetByteCursor, type: ParquetPhysicalType, typeLength: Int, count: Int
    ) throws(ParquetFailure) -> ParquetValues {
        switch type {
        case .boolean:
            return .booleans(try cursor.unpack(count, width: 1).map { $0 != 0 })
        case .int32:
            try need(&cursor, count, 4)
            var values: [Int32] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(Int32(truncatingIfNeeded: try cursor.littleEndian(4))) }
            return .int32s(values)
        case .int64:
            try need(&cursor, count, 8)
            var values: [Int64] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(Int64(bitPattern: try cursor.littleEndian(8))) }
            return .int64s(values)
        case .float:
            try need(&cursor, count, 4)
            var values: [Float] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(Float(bitPattern: UInt32(try cursor.littleEndian(4)))) }
            return .floats(values)
        case .double:
            try need(&cursor, count, 8)
            var values: [Double] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(Double(bitPattern: try cursor.littleEndian(8))) }
            return .doubles(values)
        case .int96, .fixedLenByteArray:
            let width = type == .int96 ? 12 : typeLength
            try need(&cursor, count, width)
            var values: [[UInt8]] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                let range = try cursor.take(width)
                values.append(Array(cursor.bytes[range]))
            }
            return .binaries(values)
        case .byteArray:
            try need(&cursor, count, 4)
            var values: [[UInt8]] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                let length = Int(try cursor.littleEndian(4))
                let range = try cursor.take(length)
                values.append(Array(cursor.bytes[range]))
            }
            return .binaries(values)
        }
    }

    /// Fails early when `count` values of at least `width` bytes cannot fit in what remains.
    private static func need(_ cursor: inout ParquetByteCursor, _ count: Int, _ width: Int) throws(ParquetFailure) {
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, total <= cursor.remaining else { throw .truncated(what: cursor.context) }
    }

    /// `values` PLAIN-encoded (the writer's side); `fixedWidth` binaries (FIXED_LEN_BYTE_ARRAY,
    /// INT96) go without a length.
    static func encode(_ values: ParquetValues, fixedWidth: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        func append(_ value: UInt64, _ width: Int) {
            for byte in 0..<width { output.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * byte))) }
        }
        switch values {
        case .booleans(let flags):
            output = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
            for (index, flag) in flags.enumerated() where flag { output[index / 8] |= 1 << UInt8(index % 8) }
        case .int32s(let numbers):
            output.reserveCapacity(numbers.count * 4)
            for number in numbers { append(UInt64(UInt32(bitPattern: number)), 4) }
        case .int64s(let numbers):
            output.reserveCapacity(numbers.count * 8)
            for number in numbers { append(UInt64(bitPattern: number), 8) }
        case .floats(let numbers):
            for number in numbers { append(UInt64(number.bitPattern), 4) }
        case .doubles(let numbers):
            for number in numbers { append(number.bitPattern, 8) }
        case .binaries(let arrays):
            for array in arrays {
                if !fixedWidth { append(UInt64(array.count), 4) }
                output += array
            }
        }
        return output
    }
}
