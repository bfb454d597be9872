/// One flat column of a Parquet file: its physical and logical type, whether it may be null, and
/// how its values become cells of an interim type (ADF's Parquet type mapping).
struct ParquetColumn: Sendable, Equatable {
    var name: String
    var physical: ParquetPhysicalType
    /// FIXED_LEN_BYTE_ARRAY's width (12 for INT96), else 0.
    var typeLength: Int
    var optional: Bool
    /// The logical type, from `logicalType` or else the legacy converted type.
    var logical: ParquetLogicalType?

    /// The columns of a file's schema; nested and repeated columns fail naming the column.
    static func flatColumns(_ schema: [ParquetSchemaElement]) throws(ParquetFailure) -> [ParquetColumn] {
        guard let root = schema.first else { throw .malformed("the schema is empty") }
        let children = Int(root.numChildren ?? 0)
        guard children == schema.count - 1 else {
            let nested = schema.dropFirst().first { ($0.numChildren ?? 0) > 0 }
            throw .unsupported(
                "the column '\(nested?.name ?? "?")' is nested (a group, list or map); pipehost reads flat schemas of primitive columns only"
            )
        }
        return try schema.dropFirst().map { element throws(ParquetFailure) in try ParquetColumn(element) }
    }

    init(_ element: ParquetSchemaElement) throws(ParquetFailure) {
        name = element.name
        guard let type = element.type, (element.numChildren ?? 0) == 0 else {
            throw .unsupported(
                "the column '\(element.name)' is nested (a group, list or map); pipehost reads flat schemas of primitive columns only"
            )
        }
        guard element.repetition != .repeated else {
            throw .unsupported(
                "the column '\(element.name)' is repeated; pipehost reads flat schemas of non-repeated columns only")
        }
        physical = type
        optional = element.repetition != .required
        switch type {
        case .fixedLenByteArray:
            guard let length = element.typeLength, length > 0 else {
                throw .malformed("the FIXED_LEN_BYTE_ARRAY column '\(element.name)' has no type_length")
            }
            typeLength = Int(length)
        case .int96: typeLength = 12
        default: typeLength = 0
        }
        logical = element.logicalType ?? Self.logical(converted: element.convertedType, element: element)
        if case .decimal(let scale, _)? = logical, scale < 0 || scale > 1000 {
            throw .malformed("the DECIMAL column '\(element.name)' has the scale \(scale)")
        }
    }

    init(name: String, physical: ParquetPhysicalType, typeLength: Int = 0, optional: Bool, logical: ParquetLogicalType?)
    {
        self.name = name
        self.physical = physical
        self.typeLength = typeLength
        self.optional = optional
        self.logical = logical
    }

    private static func logical(converted: ParquetConvertedType?, element: ParquetSchemaElement) -> ParquetLogicalType?
    {
        switch converted {
        case nil: return nil
        case .utf8?: return .string
        case .enumeration?: return .enumeration
        case .json?: return .json
        case .bson?: return .bson
        case .decimal?: return .decimal(scale: element.scale ?? 0, precision: element.precision ?? 38)
        case .date?: return .date
        case .timeMillis?: return .time(unit: .millis, adjustedToUTC: true)
        case .timeMicros?: return .time(unit: .micros, adjustedToUTC: true)
        case .timestampMillis?: return .timestamp(unit: .millis, adjustedToUTC: true)
        case .timestampMicros?: return .timestamp(unit: .micros, adjustedToUTC: true)
        case .uint8?: return .integer(bitWidth: 8, signed: false)
        case .uint16?: return .integer(bitWidth: 16, signed: false)
        case .uint32?: return .integer(bitWidth: 32, signed: false)
        case .uint64?: return .integer(bitWidth: 64, signed: false)
        case .int8?: return .integer(bitWidth: 8, signed: true)
        case .int16?: return .integer(bitWidth: 16, signed: true)
        case .int32?: return .integer(bitWidth: 32, signed: true)
        case .int64?: return .integer(bitWidth: 64, signed: true)
        case .map?, .mapKeyValue?, .list?, .interval?: return .other(id: -1)
        }
    }

    /// The interim type the column's values read as.
    var interimType: InterimType {
        switch (physical, logical) {
        case (.boolean, _): return .boolean
        case (_, .decimal?): return .decimal
        case (_, .date?): return .date
        case (_, .timestamp?), (.int96, _): return .dateTime
        case (_, .time?): return .timeSpan
        case (.int32, .integer(let width, let signed)?):
            if !signed { return width <= 8 ? .byte : width <= 16 ? .int32 : .int64 }
            return width <= 16 ? .int16 : .int32
        case (.int32, _): return .int32
        case (.int64, .integer(64, false)?): return .decimal
        case (.int64, _): return .int64
        case (.float, _), (.fixedLenByteArray, .float16?): return .single
        case (.double, _): return .double
        case (_, .string?), (_, .enumeration?), (_, .json?): return .string
        case (.fixedLenByteArray, .uuid?): return .guid
        case (.byteArray, _), (.fixedLenByteArray, _): return .byteArray
        }
    }

    /// The column as the copy sees it.
    var column: Column { Column(name: name, type: interimType) }

    /// `values` as cells of ``interimType``.
    func cells(_ values: ParquetValues) throws(ParquetFailure) -> [Cell] {
        switch values {
        case .booleans(let flags):
            return flags.map(Cell.boolean)
        case .int32s(let numbers):
            switch logical {
            case .date?: return numbers.map { .dateTime(ParquetTime.dateText(days: Int64($0))) }
            case .decimal(let scale, _)?:
                return numbers.map { .decimal(ParquetDecimal.text(unscaled: Int64($0), scale: Int(scale))) }
            case .time(let unit, _)?: return numbers.map { .string(ParquetTime.timeText(Int64($0), unit: unit)) }
            case .integer(_, false)?: return numbers.map { .integer(Int64(UInt32(bitPattern: $0))) }
            default: return numbers.map { .integer(Int64($0)) }
            }
        case .int64s(let numbers):
            switch logical {
            case .timestamp(let unit, let utc)?:
                return numbers.map { .dateTime(ParquetTime.timestampText($0, unit: unit, utc: utc)) }
            case .decimal(let scale, _)?:
                return numbers.map { .decimal(ParquetDecimal.text(unscaled: $0, scale: Int(scale))) }
            case .time(let unit, _)?: return numbers.map { .string(ParquetTime.timeText($0, unit: unit)) }
            case .integer(64, false)?:
                return numbers.map { .decimal(ParquetDecimal.text(unsigned: UInt64(bitPattern: $0), scale: 0)) }
            default: return numbers.map(Cell.integer)
            }
        case .floats(let numbers):
            // Through the float's shortest text, so 1.1f reads as 1.1 rather than 1.100000023841858.
            return numbers.map { .double(Double("\($0)") ?? Double($0)) }
        case .doubles(let numbers):
            return numbers.map(Cell.double)
        case .binaries(let arrays):
            if physical == .int96 {
                return arrays.map { $0.count == 12 ? .dateTime(ParquetTime.int96Text($0)) : .bytes($0) }
            }
            switch logical {
            case .string?, .enumeration?, .json?: return arrays.map { .string(String(decoding: $0, as: UTF8.self)) }
            case .decimal(let scale, _)?:
                var cells: [Cell] = []
                cells.reserveCapacity(arrays.count)
                for array in arrays {
                    cells.append(.decimal(try ParquetDecimal.text(bigEndian: array, scale: Int(scale))))
                }
                return cells
            case .uuid? where physical == .fixedLenByteArray && typeLength == 16:
                return arrays.map { $0.count == 16 ? .string(Self.uuidText($0)) : .bytes($0) }
            case .float16? where physical == .fixedLenByteArray && typeLength == 2:
                return arrays.map { $0.count == 2 ? .double(Self.half($0)) : .bytes($0) }
            default: return arrays.map(Cell.bytes)
            }
        }
    }

    private static func uuidText(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
            separator: "-")
    }

    /// An IEEE half-precision float, little-endian.
    private static func half(_ bytes: [UInt8]) -> Double {
        let bits = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
