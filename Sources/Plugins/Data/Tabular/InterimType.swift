/// ADF's interim data types: every copy converts source values to one of these and from it to the
/// sink's type ("Schema and data type mapping in copy activity", interim data types).
enum InterimType: String, Sendable, Equatable, CaseIterable {
    case boolean = "Boolean"
    case byte = "Byte"
    case byteArray = "Byte[]"
    case date = "Date"
    case dateTime = "DateTime"
    case dateTimeOffset = "DateTimeOffset"
    case decimal = "Decimal"
    case double = "Double"
    case guid = "Guid"
    case int16 = "Int16"
    case int32 = "Int32"
    case int64 = "Int64"
    case single = "Single"
    case string = "String"
    case timeSpan = "TimeSpan"

    /// The type named in a dataset `schema` or a translator mapping (`"type": "Int32"`), ignoring
    /// case and ADF's spelling variants (`Datetime`, `Byte array`, `GUID`); nil for other names.
    init?(adfName: String) {
        let key = adfName.lowercased().filter { $0 != " " && $0 != "[" && $0 != "]" }
        switch key {
        case "boolean", "bool": self = .boolean
        case "byte": self = .byte
        case "bytearray", "byte[]", "binary": self = .byteArray
        case "date": self = .date
        case "datetime": self = .dateTime
        case "datetimeoffset": self = .dateTimeOffset
        case "decimal": self = .decimal
        case "double": self = .double
        case "guid": self = .guid
        case "int16", "short": self = .int16
        case "int32", "int": self = .int32
        case "int64", "long": self = .int64
        case "single", "float": self = .single
        case "string": self = .string
        case "timespan": self = .timeSpan
        default: return nil
        }
    }
}
