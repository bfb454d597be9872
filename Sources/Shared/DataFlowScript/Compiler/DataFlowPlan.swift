import PipehostJSON

/// What the compiler produces and the Spark driver runs: the data flow's steps in topological order,
/// every expression already Spark SQL text. The JSON shape is the plan contract (version 1,
/// described in docs/data-flows.md); `json` writes it with a fixed key order.
public struct DataFlowPlan: Sendable, Hashable {
    public static let version: Int64 = 1
    /// The column in which rows carry their alter-row mark (`insert`, `update`, `upsert`, `delete`)
    /// from an `alterRow` step on; the driver adds and reads it under this name.
    public static let rowActionColumn = "__pipehost_row_action"

    public var dataFlow: String
    public var steps: [PlanStep]

    public init(dataFlow: String, steps: [PlanStep]) {
        self.dataFlow = dataFlow
        self.steps = steps
    }

    public var json: JSONValue {
        .object(
            JSONObject(uniqueMembers: [
                ("version", .integer(Self.version)), ("dataFlow", .string(dataFlow)),
                ("steps", .array(steps.map(\.json))),
            ]))
    }
}

/// A named column and the Spark SQL that computes it.
public struct PlanColumn: Sendable, Hashable {
    public var name: String
    public var expression: String

    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }

    var json: JSONValue {
        .object(JSONObject(uniqueMembers: [("name", .string(name)), ("expression", .string(expression))]))
    }
}

/// A sort key: `orderBy` of sort, window and rank.
public struct PlanOrder: Sendable, Hashable {
    public var expression: String
    public var ascending: Bool
    public var nullsFirst: Bool

    public init(expression: String, ascending: Bool, nullsFirst: Bool) {
        self.expression = expression
        self.ascending = ascending
        self.nullsFirst = nullsFirst
    }

    var json: JSONValue {
        .object(
            JSONObject(uniqueMembers: [
                ("expression", .string(expression)), ("ascending", .bool(ascending)), ("nullsFirst", .bool(nullsFirst)),
            ]))
    }
}

/// One step of the plan: the stream it defines, the statement it came from, and what it does.
public struct PlanStep: Sendable, Hashable {
    /// The stream name; `Split@Branch` for a branch of a conditional split.
    public var name: String
    /// The script name of the statement's transformation (`derive`, `split` …), for error messages.
    public var transformation: String
    public var operation: PlanOperation

    public init(name: String, transformation: String, operation: PlanOperation) {
        self.name = name
        self.transformation = transformation
        self.operation = operation
    }

    /// The steps this one reads, in order.
    public var inputs: [String] { operation.inputs }

    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("op", .string(operation.op)), ("name", .string(name)), ("transformation", .string(transformation)),
        ]
        members += operation.members
        return .object(JSONObject(uniqueMembers: members))
    }
}

/// `insertIf(condition)` and its kin: the row action (`insert`, `update`, `upsert`, `delete`) and its condition.
public struct PlanRowAction: Sendable, Hashable {
    public var action: String
    public var condition: String

    public init(action: String, condition: String) {
        self.action = action
        self.condition = condition
    }
}

/// A window's row frame, offsets relative to the current row (`startRowOffset`, `endRowOffset`).
public struct PlanFrame: Sendable, Hashable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
}

/// How a join's sides are broadcast.
public enum PlanBroadcast: String, Sendable, Hashable {
    case none, left, right, both
}

/// What a step does; each case's members are the contract's members of its `op`.
public enum PlanOperation: Sendable, Hashable {
    /// `modifiedAfter`/`modifiedBefore`: Spark SQL timestamps a file source's files must be modified
    /// after or before (members of the JSON only when given).
    case source(
        store: PlanStore, schema: [KnownColumn]?, allowSchemaDrift: Bool, validateSchema: Bool, ignoreNoFilesFound: Bool,
        modifiedAfter: String? = nil, modifiedBefore: String? = nil
    )
    case withColumns(input: String, columns: [PlanColumn])
    case project(input: String, columns: [PlanColumn])
    case filter(input: String, condition: String)
    case aggregate(input: String, groupBy: [PlanColumn], aggregates: [PlanColumn])
    case join(left: String, right: String, joinType: String, condition: String?, broadcast: PlanBroadcast)
    case exists(left: String, right: String, negate: Bool, condition: String)
    case lookup(
        left: String, right: String, condition: String, multiple: Bool, pickup: String, broadcast: PlanBroadcast)
    case union(inputs: [String], byName: Bool)
    case sort(input: String, orders: [PlanOrder])
    case alterRow(input: String, actions: [PlanRowAction])
    case keyGenerate(input: String, column: String, startAt: Int64)
    case window(input: String, partitionBy: [String], orderBy: [PlanOrder], range: PlanFrame?, columns: [PlanColumn])
    case rank(input: String, orderBy: [PlanOrder], column: String, dense: Bool)
    /// flatten (`foldDown`): the array at `unroll` replaced by each of its elements, then `columns` mapped.
    case flatten(input: String, unroll: [String], keepEmpty: Bool, columns: [PlanColumn])
    /// pivot: rows grouped, each aggregate computed once per pivot value (`values` nil: every
    /// value the data has), the new columns named by `columnNaming` (`$N` aggregate, `$V` value).
    case pivot(
        input: String, groupBy: [PlanColumn], pivotKey: String, values: [Constant]?, aggregates: [PlanColumn],
        columnNaming: String, lateral: Bool)
    /// unpivot: each row becomes one row per unpivoted column, its name in `keyColumn` and its
    /// value (cast to `valueType`) in `valueColumn`, beside the `ungroupBy` columns.
    case unpivot(
        input: String, ungroupBy: [String], unpivoted: [String], keyColumn: String, valueColumn: String,
        valueType: ColumnType, ignoreNulls: Bool)
    /// `preSQL`/`postSQL`: a database sink's statements before and after its rows (`preSQLs`, `postSQLs`).
    case sink(
        input: String, store: PlanStore, columns: [PlanColumn]?, rowActions: Bool, keys: [String],
        allowedActions: [String], truncate: Bool, recreate: Bool, partitions: Int64?, preSQL: [String],
        postSQL: [String])

    /// The contract's `op` name.
    public var op: String {
        switch self {
        case .source: "source"
        case .withColumns: "withColumns"
        case .project: "project"
        case .filter: "filter"
        case .aggregate: "aggregate"
        case .join: "join"
        case .exists: "exists"
        case .lookup: "lookup"
        case .union: "union"
        case .sort: "sort"
        case .alterRow: "alterRow"
        case .keyGenerate: "keyGenerate"
        case .window: "window"
        case .rank: "rank"
        case .flatten: "flatten"
        case .pivot: "pivot"
        case .unpivot: "unpivot"
        case .sink: "sink"
        }
    }

    public var inputs: [String] {
        switch self {
        case .source: []
        case .withColumns(let input, _), .project(let input, _), .filter(let input, _), .aggregate(let input, _, _),
            .sort(let input, _), .alterRow(let input, _), .keyGenerate(let input, _, _), .window(let input, _, _, _, _),
            .rank(let input, _, _, _), .sink(let input, _, _, _, _, _, _, _, _, _, _), .flatten(let input, _, _, _),
            .pivot(let input, _, _, _, _, _, _), .unpivot(let input, _, _, _, _, _, _):
            [input]
        case .join(let left, let right, _, _, _), .exists(let left, let right, _, _),
            .lookup(let left, let right, _, _, _, _):
            [left, right]
        case .union(let inputs, _): inputs
        }
    }

    var members: [(key: String, value: JSONValue)] {
        func columns(_ list: [PlanColumn]) -> JSONValue { .array(list.map(\.json)) }
        func orders(_ list: [PlanOrder]) -> JSONValue { .array(list.map(\.json)) }
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        switch self {
        case .source(let store, let schema, let drift, let validate, let ignoreNoFiles, let after, let before):
            let schemaJSON: JSONValue =
                schema.map { list in
                    .array(
                        list.map {
                            .object(
                                JSONObject(uniqueMembers: [
                                    ("name", .string($0.name)), ("type", .string($0.type?.sparkDDL ?? "string")),
                                ]))
                        })
                } ?? .null
            return [
                ("store", store.json(ignoreNoFilesFound: ignoreNoFiles)), ("schema", schemaJSON),
                ("allowSchemaDrift", .bool(drift)), ("validateSchema", .bool(validate)),
            ] + (after.map { [("modifiedAfter", JSONValue.string($0))] } ?? [])
                + (before.map { [("modifiedBefore", JSONValue.string($0))] } ?? [])
        case .withColumns(let input, let list), .project(let input, let list):
            return [("input", .string(input)), ("columns", columns(list))]
        case .filter(let input, let condition):
            return [("input", .string(input)), ("condition", .string(condition))]
        case .aggregate(let input, let groupBy, let aggregates):
            return [("input", .string(input)), ("groupBy", columns(groupBy)), ("aggregates", columns(aggregates))]
        case .join(let left, let right, let joinType, let condition, let broadcast):
            return [
                ("left", .string(left)), ("right", .string(right)), ("joinType", .string(joinType)),
                ("condition", optional(condition)), ("broadcast", .string(broadcast.rawValue)),
            ]
        case .exists(let left, let right, let negate, let condition):
            return [
                ("left", .string(left)), ("right", .string(right)), ("negate", .bool(negate)),
                ("condition", .string(condition)),
            ]
        case .lookup(let left, let right, let condition, let multiple, let pickup, let broadcast):
            return [
                ("left", .string(left)), ("right", .string(right)), ("condition", .string(condition)),
                ("multiple", .bool(multiple)), ("pickup", .string(pickup)), ("broadcast", .string(broadcast.rawValue)),
            ]
        case .union(let inputs, let byName):
            return [("inputs", .array(inputs.map(JSONValue.string))), ("byName", .bool(byName))]
        case .sort(let input, let list):
            return [("input", .string(input)), ("orders", orders(list))]
        case .alterRow(let input, let actions):
            let list: [JSONValue] = actions.map {
                .object(
                    JSONObject(uniqueMembers: [("action", .string($0.action)), ("condition", .string($0.condition))]))
            }
            return [("input", .string(input)), ("actions", .array(list))]
        case .keyGenerate(let input, let column, let startAt):
            return [("input", .string(input)), ("column", .string(column)), ("startAt", .integer(startAt))]
        case .window(let input, let partitionBy, let orderBy, let range, let list):
            let rangeJSON: JSONValue =
                range.map {
                    .object(JSONObject(uniqueMembers: [("start", .integer($0.start)), ("end", .integer($0.end))]))
                } ?? .null
            return [
                ("input", .string(input)), ("partitionBy", .array(partitionBy.map(JSONValue.string))),
                ("orderBy", orders(orderBy)), ("range", rangeJSON), ("columns", columns(list)),
            ]
        case .flatten, .pivot, .unpivot:
            return reshapingMembers
        case .rank(let input, let orderBy, let column, let dense):
            return [
                ("input", .string(input)), ("orderBy", orders(orderBy)), ("column", .string(column)),
                ("dense", .bool(dense)),
            ]
        case .sink(
            let input, let store, let list, let rowActions, let keys, let allowed, let truncate, let recreate,
            let partitions, let preSQL, let postSQL):
            return [
                ("input", .string(input)), ("store", store.json), ("columns", list.map(columns) ?? .null),
                ("rowActions", .bool(rowActions)), ("keys", .array(keys.map(JSONValue.string))),
                ("allowedActions", .array(allowed.map(JSONValue.string))), ("truncate", .bool(truncate)),
                ("recreate", .bool(recreate)),
                ("partitions", partitions.map(JSONValue.integer) ?? .null),
                ("preSQL", .array(preSQL.map(JSONValue.string))), ("postSQL", .array(postSQL.map(JSONValue.string))),
            ]
        }
    }
}
