/// The PostgreSQL column type a sink creates (`tableOption: autoCreate`) for each interim type.
enum PostgresSQLType {
    static func name(for type: InterimType) -> String {
        switch type {
        case .boolean: "boolean"
        case .byte, .int16: "smallint"
        case .int32: "integer"
        case .int64: "bigint"
        case .single: "real"
        case .double: "double precision"
        case .decimal: "numeric"
        case .string: "text"
        case .guid: "uuid"
        case .date: "date"
        case .dateTime: "timestamp"
        case .dateTimeOffset: "timestamptz"
        case .timeSpan: "interval"
        case .byteArray: "bytea"
        }
    }
}
