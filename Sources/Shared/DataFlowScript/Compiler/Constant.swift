/// A value known when compiling: a literal, a parameter's value, or something folded from them
/// (`$folder + '/*.csv'`). Formats, type sizes, `byName` names and store options need these.
public enum Constant: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case null
    case array([Constant])

    /// The value as text, for messages and for string concatenation (`'Q' + 1` is `Q1`).
    public var text: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .double(let value): "\(value)"
        case .boolean(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let elements): "[" + elements.map(\.text).joined(separator: ", ") + "]"
        }
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var booleanValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }
}

/// Spark SQL literals for constants of a known type.
enum ConstantLiteral {
    /// The literal for `value` typed as `type` (`DATE'2024-01-31'`, `5L`, `array('a', 'b')`).
    static func sql(_ value: Constant, as type: ColumnType?) -> String {
        switch (value, type) {
        case (.null, let type?): return "CAST(NULL AS \(type.sparkDDL))"
        case (.null, nil): return "NULL"
        case (.string(let text), .date?): return "DATE" + SparkSQL.string(text)
        case (.string(let text), .timestamp?): return "TIMESTAMP" + SparkSQL.string(text)
        case (.string(let text), _): return SparkSQL.string(text)
        case (.integer(let number), .long?): return SparkSQL.integer(number, long: true)
        case (.integer(let number), .double?), (.integer(let number), .float?):
            return SparkSQL.double(Double(number))
        case (.integer(let number), .decimal(let precision, let scale)?):
            return "CAST(\(number) AS decimal(\(precision),\(scale)))"
        case (.integer(let number), _): return SparkSQL.integer(number, long: false)
        case (.double(let number), .decimal(let precision, let scale)?):
            return "CAST(\(SparkSQL.double(number)) AS decimal(\(precision),\(scale)))"
        case (.double(let number), _): return SparkSQL.double(number)
        case (.boolean(let flag), _): return flag ? "true" : "false"
        case (.array(let elements), let type):
            var element: ColumnType?
            if case .array(let inner)? = type { element = inner }
            return "array(" + elements.map { sql($0, as: element) }.joined(separator: ", ") + ")"
        }
    }
}
