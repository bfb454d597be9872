/// Reads Thrift's compact protocol, the encoding of Parquet's footer and page headers.
///
/// The caller walks structs field by field (``fields(_:)``) and skips what it does not know;
/// skipping is iterative with a bounded nesting depth, and every count and length is checked
/// against the bytes that remain, so no input makes it recurse deeply, allocate wildly or trap.
struct ThriftCompactReader {
    /// The compact protocol's type ids.
    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, structure = 12
    }

    static let maximumDepth = 32

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    /// What the reader is decoding, for messages (`the file footer`, `a page header`).
    private let context: String
    private var depth = 0

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, context: String) {
        self.bytes = bytes
        position = start
        self.end = min(end ?? bytes.count, bytes.count)
        self.context = context
    }

    var remaining: Int { end - position }

    // MARK: Structs

    /// Reads one struct, calling `handle` with each field's id and type; `handle` reads the field's
    /// value and returns true, or returns false and the field is skipped.
    mutating func fields(
        _ handle: (inout ThriftCompactReader, _ id: Int16, _ type: FieldType) throws(ParquetFailure) -> Bool
    ) throws(ParquetFailure) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw tooDeep }
        var lastId: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return }
            guard let type = FieldType(rawValue: header & 0x0F) else { throw badType(header & 0x0F) }
            let delta = header >> 4
            let id: Int16
            if delta == 0 {
                let raw = try zigzag(varint(bits: 16))
                guard let narrow = Int16(exactly: raw) else { throw malformed("a field id out of range") }
                id = narrow
            } else {
                let (sum, overflow) = lastId.addingReportingOverflow(Int16(delta))
                guard !overflow else { throw malformed("a field id out of range") }
                id = sum
            }
            lastId = id
            pendingBool = type == .booleanTrue ? true : type == .booleanFalse ? false : nil
            if try !handle(&self, id, type) { try skip(type) }
        }
    }

    /// The value of a boolean field (carried in its header) or a boolean list element.
    private var pendingBool: Bool?

    // MARK: Values

    mutating func bool(_ type: FieldType) throws(ParquetFailure) -> Bool {
        if let pendingBool {
            self.pendingBool = nil
            return pendingBool
        }
        // A list element: one byte.
        let value = try byte()
        return value == 1
    }

    mutating func i32() throws(ParquetFailure) -> Int32 {
        let value = try zigzag(varint(bits: 32))
        guard let narrow = Int32(exactly: value) else { throw malformed("an i32 out of range") }
        return narrow
    }

    /// An i32 that must lie in `range` (`name` says what it is, for the message).
    mutating func i32(_ name: String, in range: ClosedRange<Int32>) throws(ParquetFailure) -> Int32 {
        let value = try i32()
        guard range.contains(value) else {
            throw malformed("\(name) is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    mutating func i64() throws(ParquetFailure) -> Int64 {
        try zigzag(varint(bits: 64))
    }

    /// An i64 that must lie in `range`.
    mutating func i64(_ name: String, in range: ClosedRange<Int64>) throws(ParquetFailure) -> Int64 {
        let value = try i64()
        guard range.contains(value) else {
            throw malformed("\(name) is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    mutating func i8() throws(ParquetFailure) -> Int8 { Int8(bitPattern: try byte()) }

    mutating func binary() throws(ParquetFailure) -> [UInt8] {
        let length = try varint(bits: 32)
        guard length <= UInt64(remaining) else { throw truncated }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    mutating func string() throws(ParquetFailure) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// A list or set header: the element count (checked against the bytes left) and type.
    mutating func listHeader() throws(ParquetFailure) -> (count: Int, element: FieldType) {
        let header = try byte()
        guard let element = FieldType(rawValue: header & 0x0F) else { throw badType(header & 0x0F) }
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint(bits: 32) }
        // Every element takes at least one byte.
        guard count <= UInt64(remaining) else { throw truncated }
        return (Int(count), element)
    }

    /// A list of elements read by `element`.
    mutating func list<T>(_ element: (inout ThriftCompactReader, FieldType) throws(ParquetFailure) -> T)
        throws(ParquetFailure) -> [T]
    {
        let (count, type) = try listHeader()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self, type)) }
        return values
    }

    // MARK: Skipping

    private enum Frame {
        case structure(lastId: Int16)
        case elements(remaining: Int, type: FieldType)
        case pairs(remaining: Int, key: FieldType, value: FieldType, onValue: Bool)
    }

    /// Skips one value of `type` without recursion: nested structs, lists and maps are walked with
    /// an explicit stack no deeper than ``maximumDepth``.
    mutating func skip(_ type: FieldType) throws(ParquetFailure) {
        var stack: [Frame] = []
        var next: FieldType? = type
        while true {
            if let current = next {
                next = nil
                switch current {
                case .booleanTrue, .booleanFalse:
                    // In a field the value is in the header; in a collection it is one byte.
                    if case .elements? = stack.last {
                        _ = try byte()
                    } else if case .pairs? = stack.last {
                        _ = try byte()
                    }
                case .byte: _ = try byte()
                case .i16, .i32, .i64: _ = try varint(bits: 64)
                case .double: try advance(8)
                case .binary: _ = try binary()
                case .list, .set:
                    let (count, element) = try listHeader()
                    stack.append(.elements(remaining: count, type: element))
                case .map:
                    let count = try varint(bits: 32)
                    guard count <= UInt64(remaining) else { throw truncated }
                    if count == 0 {
                        stack.append(.pairs(remaining: 0, key: .byte, value: .byte, onValue: false))
                    } else {
                        let types = try byte()
                        guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F)
                        else {
                            throw badType(types)
                        }
                        stack.append(.pairs(remaining: Int(count), key: key, value: value, onValue: false))
                    }
                case .structure:
                    stack.append(.structure(lastId: 0))
                }
                guard stack.count + depth <= Self.maximumDepth else { throw tooDeep }
            }
            // Decide what comes next from the innermost open container.
            guard let top = stack.popLast() else { return }
            switch top {
            case .structure(let lastId):
                let header = try byte()
                if header == 0 { continue }
                guard let fieldType = FieldType(rawValue: header & 0x0F) else { throw badType(header & 0x0F) }
                var id = lastId
                if header >> 4 == 0 {
                    id = Int16(truncatingIfNeeded: try zigzag(varint(bits: 16)))
                } else {
                    id = id &+ Int16(header >> 4)
                }
                stack.append(.structure(lastId: id))
                if fieldType != .booleanTrue && fieldType != .booleanFalse { next = fieldType }
            case .elements(let remaining, let elementType):
                if remaining == 0 { continue }
                stack.append(.elements(remaining: remaining - 1, type: elementType))
                next = elementType
            case .pairs(let remaining, let key, let value, let onValue):
                if remaining == 0 && !onValue { continue }
                if onValue {
                    stack.append(.pairs(remaining: remaining, key: key, value: value, onValue: false))
                    next = value
                } else {
                    stack.append(.pairs(remaining: remaining - 1, key: key, value: value, onValue: true))
                    next = key
                }
            }
        }
    }

    // MARK: Primitives

    private mutating func byte() throws(ParquetFailure) -> UInt8 {
        guard position < end else { throw truncated }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int) throws(ParquetFailure) {
        guard count <= remaining else { throw truncated }
        position += count
    }

    /// An unsigned LEB128 varint of at most `bits` bits.
    private mutating func varint(bits: Int) throws(ParquetFailure) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        while true {
            let next = try byte()
            guard shift < bits, shift < 64 else { throw malformed("a varint longer than \(bits) bits") }
            result |= UInt64(next & 0x7F) << UInt64(shift)
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private func zigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    private var truncated: ParquetFailure { .truncated(what: context) }
    private var tooDeep: ParquetFailure { malformed("structures nested deeper than \(Self.maximumDepth) levels") }
    private func badType(_ type: UInt8) -> ParquetFailure { malformed("an unknown Thrift type id \(type)") }
    private func malformed(_ problem: String) -> ParquetFailure { .malformed("\(context) is malformed: \(problem)") }
}
