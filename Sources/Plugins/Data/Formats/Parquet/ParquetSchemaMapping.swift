/// How the writer stores each interim type (the reverse of ``ParquetColumn/interimType``):
/// text as UTF-8 BYTE_ARRAY, integers as INT32/INT64, decimals as DECIMAL(38, 18) in 16 bytes,
/// date-times as INT64 TIMESTAMP in microseconds. Every column is optional.
enum ParquetSchemaMapping {
    static let decimalPrecision: Int32 = 38
    static let decimalScale: Int32 = 18
    static let decimalWidth = 16

    static func column(for column: Column) -> ParquetColumn {
        let (physical, logical): (ParquetPhysicalType, ParquetLogicalType?) =
            switch column.type {
            case .string, .guid, .timeSpan: (.byteArray, .string)
            case .boolean: (.boolean, nil)
            case .byte: (.int32, .integer(bitWidth: 8, signed: false))
            case .int16: (.int32, .integer(bitWidth: 16, signed: true))
            case .int32: (.int32, nil)
            case .int64: (.int64, nil)
            case .single: (.float, nil)
            case .double: (.double, nil)
            case .decimal: (.fixedLenByteArray, .decimal(scale: decimalScale, precision: decimalPrecision))
            case .date: (.int32, .date)
            case .dateTime: (.int64, .timestamp(unit: .micros, adjustedToUTC: false))
            case .dateTimeOffset: (.int64, .timestamp(unit: .micros, adjustedToUTC: true))
            case .byteArray: (.byteArray, nil)
            }
        return ParquetColumn(
            name: column.name, physical: physical, typeLength: physical == .fixedLenByteArray ? decimalWidth : 0,
            optional: true, logical: logical)
    }

    /// The schema elements of `columns`: the root, then one optional primitive per column, with
    /// the legacy converted type beside the logical type for older readers.
    static func schema(_ columns: [ParquetColumn]) -> [ParquetSchemaElement] {
        var elements = [ParquetSchemaElement(name: "schema", numChildren: Int32(columns.count))]
        for column in columns {
            var element = ParquetSchemaElement(
                type: column.physical, repetition: column.optional ? .optional : .required, name: column.name)
            if column.physical == .fixedLenByteArray { element.typeLength = Int32(column.typeLength) }
            element.logicalType = column.logical
            switch column.logical {
            case .string?: element.convertedType = .utf8
            case .date?: element.convertedType = .date
            case .decimal(let scale, let precision)?:
                element.convertedType = .decimal
                element.scale = scale
                element.precision = precision
            case .integer(8, false)?: element.convertedType = .uint8
            case .integer(16, true)?: element.convertedType = .int16
            case .timestamp(.micros, true)?: element.convertedType = .timestampMicros
            default: break
            }
            elements.append(element)
        }
        return elements
    }
}
