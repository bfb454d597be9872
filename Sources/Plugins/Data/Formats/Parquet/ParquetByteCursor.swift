/// A read position in a page's bytes with checked reads: every read past `end` throws
/// ``ParquetFailure/truncated(what:)`` naming `context`.
struct ParquetByteCursor {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    let context: String

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, context: String) {
        self.bytes = bytes
        position = min(start, bytes.count)
        self.end = min(end ?? bytes.count, bytes.count)
        self.context = context
    }

    var remaining: Int { max(0, end - position) }

    mutating func byte() throws(ParquetFailure) -> UInt8 {
        guard position < end else { throw .truncated(what: context) }
        defer { position += 1 }
        return bytes[position]
    }

    /// The next `count` bytes' range, advancing past them.
    mutating func take(_ count: Int) throws(ParquetFailure) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw .truncated(what: context) }
        defer { position += count }
        return position..<(position + count)
    }

    /// A little-endian unsigned integer of `width` bytes (at most 8).
    mutating func littleEndian(_ width: Int) throws(ParquetFailure) -> UInt64 {
        let range = try take(width)
        var value: UInt64 = 0
        for (index, byte) in bytes[range].enumerated() { value |= UInt64(byte) << UInt64(8 * index) }
        return value
    }

    /// An unsigned LEB128 varint of at most 64 bits.
    mutating func varint() throws(ParquetFailure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw .malformed("\(context) is malformed: a varint longer than 64 bits") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzagVarint() throws(ParquetFailure) -> Int64 {
        let value = try varint()
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// A count read as a varint that must not exceed `limit`.
    mutating func count(_ name: String, limit: Int) throws(ParquetFailure) -> Int {
        let value = try varint()
        guard value <= UInt64(max(limit, 0)) else {
            throw .malformed("\(context) is malformed: \(name) is \(value), more than \(limit)")
        }
        return Int(value)
    }

    /// `count` values of `width` bits each, packed least significant bit first.
    mutating func unpack(_ count: Int, width: Int) throws(ParquetFailure) -> [UInt64] {
        guard width >= 0, width <= 64 else { throw .malformed("\(context) is malformed: a bit width of \(width)") }
        let byteCount = (count * width + 7) / 8
        let range = try take(byteCount)
        if width == 0 { return [UInt64](repeating: 0, count: count) }
        var values = [UInt64](repeating: 0, count: count)
        let base = range.lowerBound
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        for index in 0..<count {
            var bit = index * width
            var value: UInt64 = 0
            var filled = 0
            while filled < width {
                let byte = UInt64(bytes[base + bit / 8])
                let offset = bit % 8
                let take = min(8 - offset, width - filled)
                value |= ((byte >> UInt64(offset)) & ((1 << UInt64(take)) - 1)) << UInt64(filled)
                filled += take
                bit += take
            }
            values[index] = value & mask
        }
        return values
    }
}
