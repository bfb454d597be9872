/// Writes Thrift's compact protocol for Parquet's footer and page headers (the counterpart of
/// ``ThriftCompactReader``). Structs are written with ``structure(_:)``, which keeps the last field
/// id per nesting level as the protocol's deltas need.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastIds: [Int16] = [0]

    mutating func structure(_ body: (inout ThriftCompactWriter) -> Void) {
        lastIds.append(0)
        body(&self)
        bytes.append(0)  // stop
        lastIds.removeLast()
    }

    mutating func field(_ id: Int16, _ type: ThriftCompactReader.FieldType) {
        let last = lastIds[lastIds.count - 1]
        let delta = id - last
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastIds[lastIds.count - 1] = id
    }

    mutating func bool(_ id: Int16, _ value: Bool) { field(id, value ? .booleanTrue : .booleanFalse) }

    mutating func i32(_ id: Int16, _ value: Int32) {
        field(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        field(id, .i64)
        varint(zigzag(value))
    }

    mutating func i8(_ id: Int16, _ value: Int8) {
        field(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        field(id, .binary)
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ id: Int16, _ value: String) { binary(id, Array(value.utf8)) }

    mutating func structField(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        field(id, .structure)
        structure(body)
    }

    /// A list field whose elements `element` writes (structs through ``structure(_:)``, i32s
    /// through ``listI32(_:)``, strings through ``listBinary(_:)``).
    mutating func list<T>(
        _ id: Int16, of type: ThriftCompactReader.FieldType, _ values: [T],
        _ element: (inout ThriftCompactWriter, T) -> Void
    ) {
        field(id, .list)
        if values.count < 15 {
            bytes.append(UInt8(values.count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(values.count))
        }
        for value in values { element(&self, value) }
    }

    mutating func listI32(_ value: Int32) { varint(zigzag(Int64(value))) }

    mutating func listBinary(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes += value
    }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
