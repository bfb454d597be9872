import PostgresSupport

extension PostgresColumnType {
    /// The interim type a column of this type carries, following ADF's data type mapping for
    /// PostgreSQL: integers and floats as such, `numeric` as Decimal, the character types,
    /// `json`/`jsonb`, arrays and other text-like types as String, `date` and `timestamp` as
    /// DateTime, `timestamptz` and `timetz` as DateTimeOffset, `time` and `interval` as TimeSpan,
    /// `uuid` as Guid, `bytea` as Byte[].
    var interimType: InterimType {
        switch self {
        case .boolean: .boolean
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .single: .single
        case .double: .double
        case .numeric: .decimal
        case .text, .json, .jsonb, .array, .other: .string
        case .date, .timestamp: .dateTime
        case .timestampWithZone, .timeWithZone: .dateTimeOffset
        case .time, .interval: .timeSpan
        case .uuid: .guid
        case .bytea: .byteArray
        }
    }
}
