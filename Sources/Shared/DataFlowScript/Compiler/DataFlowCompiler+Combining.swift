/// Transformations over two or more streams: join, exists, lookup, union.
extension DataFlowCompiler {
    /// The two inputs, their columns visible to the condition by stream name, and the condition.
    private func twoInputs(_ context: StatementContext) throws(DataFlowCompileError)
        -> (
            left: (step: String, stream: String, schema: KnownSchema),
            right: (step: String, stream: String, schema: KnownSchema), condition: CompiledExpression
        )
    {
        let all = inputs(of: context)
        guard all.count == 2 else {
            throw .invalidArgument(
                "the inputs of \(context.statement.transformation)",
                expected: "two streams, 'Left, Right \(context.statement.transformation)(...)'",
                at: context.site)
        }
        guard let conditionExpression = context.positionalValues().first else {
            throw .invalidArgument(
                "\(context.statement.transformation)(...)", expected: "a condition first", at: context.site)
        }
        let merged = KnownSchema(
            columns: all[0].schema.columns + all[1].schema.columns,
            isComplete: all[0].schema.isComplete && all[1].schema.isComplete)
        // Two branches of one split (`Split@A, Split@B exists(…)`) share a stream name: `Split@column`
        // then names the first, as the left side is the one such a condition usually means.
        let streams = Dictionary([(all[0].stream, all[0].schema), (all[1].stream, all[1].schema)]) { first, _ in first }
        let compiler = expressions(context, input: merged, streams: streams)
        return (all[0], all[1], try compiler.compile(conditionExpression))
    }

    private func broadcast(_ context: StatementContext) throws(DataFlowCompileError) -> PlanBroadcast {
        switch try context.stringOption("broadcast") ?? "auto" {
        case "auto", "none", "off": return .none
        case "left": return .left
        case "right": return .right
        case "both": return .both
        case let other:
            throw .invalidArgument(
                "broadcast: '\(other)'", expected: "'auto', 'left', 'right', 'both' or 'off'", at: context.site)
        }
    }

    mutating func join(_ context: StatementContext) throws(DataFlowCompileError) {
        let (left, right, condition) = try twoInputs(context)
        let matchType = try context.stringOption("matchType") ?? "exact"
        guard matchType == "exact" else {
            throw .unsupportedOption("matchType", detail: "fuzzy joins are not supported yet", at: context.site)
        }
        var joinType: String
        switch try context.stringOption("joinType") ?? "inner" {
        case "inner": joinType = "inner"
        case "left": joinType = "left"
        case "right": joinType = "right"
        case "outer", "full": joinType = "full"
        case "cross": joinType = "cross"
        case let other:
            throw .invalidArgument(
                "joinType: '\(other)'", expected: "'inner', 'left', 'right', 'outer' or 'cross'", at: context.site)
        }
        var conditionSQL: String? = condition.sql
        if joinType == "cross" {
            // A custom cross join's condition filters the pairs: an inner join on it.
            if condition.constant == .boolean(true) { conditionSQL = nil } else { joinType = "inner" }
        }
        let schema = KnownSchema(
            columns: left.schema.columns + right.schema.columns,
            isComplete: left.schema.isComplete && right.schema.isComplete)
        emit(
            context.statement.name, context.statement,
            .join(
                left: left.step, right: right.step, joinType: joinType, condition: conditionSQL,
                broadcast: try broadcast(context)),
            schema: schema)
    }

    mutating func exists(_ context: StatementContext) throws(DataFlowCompileError) {
        let (left, right, condition) = try twoInputs(context)
        emit(
            context.statement.name, context.statement,
            .exists(
                left: left.step, right: right.step, negate: try context.boolOption("negate", default: false),
                condition: condition.sql),
            schema: left.schema)
    }

    mutating func lookup(_ context: StatementContext) throws(DataFlowCompileError) {
        let (left, right, condition) = try twoInputs(context)
        let pickup = try context.stringOption("pickup") ?? "any"
        guard ["first", "last", "any"].contains(pickup) else {
            throw .invalidArgument("pickup: '\(pickup)'", expected: "'first', 'last' or 'any'", at: context.site)
        }
        if pickup != "any" {
            throw .unsupportedOption(
                "pickup", detail: "'first' and 'last' need the lookup's sort order, which is not supported yet",
                at: context.site)
        }
        let schema = KnownSchema(
            columns: left.schema.columns + right.schema.columns,
            isComplete: left.schema.isComplete && right.schema.isComplete)
        emit(
            context.statement.name, context.statement,
            .lookup(
                left: left.step, right: right.step, condition: condition.sql,
                multiple: try context.boolOption("multiple", default: false), pickup: pickup,
                broadcast: try broadcast(context)),
            schema: schema)
    }

    mutating func union(_ context: StatementContext) throws(DataFlowCompileError) {
        let all = inputs(of: context)
        let byName = try context.boolOption("byName", default: true)
        var schema = all.first?.schema ?? .unknown
        if byName {
            for other in all.dropFirst() {
                for column in other.schema.columns where schema.column(named: column.name) == nil {
                    schema.columns.append(column)
                }
                schema.isComplete = schema.isComplete && other.schema.isComplete
            }
        }
        emit(
            context.statement.name, context.statement, .union(inputs: all.map(\.step), byName: byName), schema: schema)
    }
}
