/// The type of a column or expression as far as the compiler knows it, with its Spark DDL name.
/// `nil` where a `ColumnType?` is expected means "not known statically" (a drifted column, `byName`).
public indirect enum ColumnType: Sendable, Hashable {
    case string, boolean, date, timestamp, binary
    case byte, short, integer, long, float, double
    case decimal(precision: Int, scale: Int)
    case array(ColumnType?)
    case map(key: ColumnType?, value: ColumnType?)
    case structure([KnownColumn])

    /// Spark's DDL text for the type (`bigint`, `decimal(10,2)`, `array<string>`); unknown parts are `string`.
    public var sparkDDL: String {
        switch self {
        case .string: "string"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .binary: "binary"
        case .byte: "tinyint"
        case .short: "smallint"
        case .integer: "int"
        case .long: "bigint"
        case .float: "float"
        case .double: "double"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .array(let element): "array<\(element?.sparkDDL ?? "string")>"
        case .map(let key, let value): "map<\(key?.sparkDDL ?? "string"),\(value?.sparkDDL ?? "string")>"
        case .structure(let fields):
            "struct<"
                + fields.map { "\(SparkSQL.identifier($0.name)):\($0.type?.sparkDDL ?? "string")" }
                .joined(separator: ",") + ">"
        }
    }

    /// ADF's name of the type, as `typeMatch` and `match(type == …)` see it.
    public var adfName: String {
        switch self {
        case .string: "string"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .binary: "binary"
        case .byte: "byte"
        case .short: "short"
        case .integer: "integer"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .array: "array"
        case .map: "map"
        case .structure: "complex"
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .byte, .short, .integer, .long, .float, .double, .decimal: true
        default: false
        }
    }

    public var isIntegral: Bool {
        switch self {
        case .byte, .short, .integer, .long: true
        default: false
        }
    }

    /// The type a script's `TypeReference` names (`integer`, `decimal(10,2)`, `string[]`), or `nil`
    /// with the name that is not a data flow type.
    static func from(_ reference: TypeReference) -> Result<ColumnType, UnknownTypeName> {
        switch reference.kind {
        case .named(let name, let parameters):
            switch name.lowercased() {
            case "string": return .success(.string)
            case "boolean": return .success(.boolean)
            case "date": return .success(.date)
            case "timestamp": return .success(.timestamp)
            case "binary": return .success(.binary)
            case "byte": return .success(.byte)
            case "short": return .success(.short)
            case "integer", "int": return .success(.integer)
            case "long": return .success(.long)
            case "float": return .success(.float)
            case "double": return .success(.double)
            case "decimal":
                let precision = parameters.count > 0 ? Int(clamping: parameters[0]) : 10
                let scale = parameters.count > 1 ? Int(clamping: parameters[1]) : 0
                guard (1...38).contains(precision), (0...precision).contains(scale) else {
                    return .failure(UnknownTypeName(name: reference.printed()))
                }
                return .success(.decimal(precision: precision, scale: scale))
            default: return .failure(UnknownTypeName(name: name))
            }
        case .array(let element):
            return from(element).map { .array($0) }
        case .map(let key, let value):
            return from(key).flatMap { key in from(value).map { .map(key: key, value: $0) } }
        case .structure(let fields):
            var columns: [KnownColumn] = []
            for field in fields {
                let name: String
                switch field.name.kind {
                case .column(let text), .quotedColumn(let text), .string(let text): name = text
                default: return .failure(UnknownTypeName(name: field.name.printed()))
                }
                switch from(field.type) {
                case .success(let type): columns.append(KnownColumn(name: name, type: type))
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.structure(columns))
        }
    }
}

/// A type name that is not one of the data flow types.
struct UnknownTypeName: Error {
    var name: String
}

/// A column with its name and, when known, its type.
public struct KnownColumn: Sendable, Hashable {
    public var name: String
    public var type: ColumnType?

    public init(name: String, type: ColumnType?) {
        self.name = name
        self.type = type
    }
}

/// What the compiler knows about a stream's columns: those it can name, and whether that is all of
/// them (a source with a declared schema and no drift, a select, an aggregate) or only some (drift).
public struct KnownSchema: Sendable, Hashable {
    public var columns: [KnownColumn]
    /// True when `columns` are all the stream's columns; rule-based mapping needs this.
    public var isComplete: Bool

    public init(columns: [KnownColumn], isComplete: Bool) {
        self.columns = columns
        self.isComplete = isComplete
    }

    /// Nothing known: a source without `output(…)`.
    public static let unknown = KnownSchema(columns: [], isComplete: false)

    /// The column named `name`, compared as Spark does (ASCII case-insensitively).
    public func column(named name: String) -> KnownColumn? {
        columns.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Adds or replaces (case-insensitively, in place) a column, as `withColumn` does.
    mutating func set(_ column: KnownColumn) {
        if let index = columns.firstIndex(where: { $0.name.lowercased() == column.name.lowercased() }) {
            columns[index] = column
        } else {
            columns.append(column)
        }
    }
}
