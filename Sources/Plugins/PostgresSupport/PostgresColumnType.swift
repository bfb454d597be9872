import PostgresNIO

/// The kinds of PostgreSQL column a result can have, by how their values are read
/// (``PostgresValueDecoding``). Types without a reader of their own are `other`.
public enum PostgresColumnType: Sendable, Equatable {
    case boolean, int16, int32, int64, single, double, numeric
    case text, json, jsonb
    case date, time, timeWithZone, timestamp, timestampWithZone, interval
    case uuid, bytea
    /// A one-dimensional (or deeper) array of another type, written as PostgreSQL's `{…}` text.
    case array
    /// A type without a binary reader here (enums, xml, citext, inet, …): its bytes as UTF-8 text.
    case other(oid: UInt32)

    public init(_ type: PostgresDataType) {
        switch type.rawValue {
        case 16: self = .boolean
        case 21: self = .int16
        case 23, 26: self = .int32
        case 20: self = .int64
        case 700: self = .single
        case 701: self = .double
        case 1700: self = .numeric
        case 18, 19, 25, 1042, 1043: self = .text
        case 114: self = .json
        case 3802: self = .jsonb
        case 1082: self = .date
        case 1083: self = .time
        case 1266: self = .timeWithZone
        case 1114: self = .timestamp
        case 1184: self = .timestampWithZone
        case 1186: self = .interval
        case 2950: self = .uuid
        case 17: self = .bytea
        case let oid where Self.arrayOIDs.contains(oid): self = .array
        case let oid: self = .other(oid: oid)
        }
    }

    /// The array types of the built-in element types.
    static let arrayOIDs: Set<UInt32> = [
        199, 1000, 1001, 1002, 1003, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1115, 1182, 1183, 1185,
        1187, 1231, 1270, 2951, 3807,
    ]
}
