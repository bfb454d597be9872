import PipehostJSON

/// The JSON members of the steps that change a stream's shape: flatten, pivot, unpivot.
extension PlanOperation {
    var reshapingMembers: [(key: String, value: JSONValue)] {
        switch self {
        case .flatten(let input, let unroll, let keepEmpty, let columns):
            return [
                ("input", .string(input)), ("unroll", .array(unroll.map(JSONValue.string))),
                ("keepEmpty", .bool(keepEmpty)), ("columns", .array(columns.map(\.json))),
            ]
        case .pivot(let input, let groupBy, let pivotKey, let values, let aggregates, let columnNaming, let lateral):
            return [
                ("input", .string(input)), ("groupBy", .array(groupBy.map(\.json))), ("pivotKey", .string(pivotKey)),
                ("values", values.map { .array($0.map(Self.pivotValue)) } ?? .null),
                ("aggregates", .array(aggregates.map(\.json))), ("columnNaming", .string(columnNaming)),
                ("lateral", .bool(lateral)),
            ]
        case .unpivot(
            let input, let ungroupBy, let unpivoted, let keyColumn, let valueColumn, let valueType, let ignoreNulls):
            return [
                ("input", .string(input)), ("ungroupBy", .array(ungroupBy.map(JSONValue.string))),
                ("unpivoted", .array(unpivoted.map(JSONValue.string))), ("keyColumn", .string(keyColumn)),
                ("valueColumn", .string(valueColumn)), ("valueType", .string(valueType.sparkDDL)),
                ("ignoreNulls", .bool(ignoreNulls)),
            ]
        default:
            return []
        }
    }

    /// A pivot value as JSON: the compiler admits only strings, integers and booleans.
    private static func pivotValue(_ value: Constant) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .boolean(let flag): .bool(flag)
        case .double(let number): .double(number)
        case .null, .array: .null
        }
    }
}
