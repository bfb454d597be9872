/// Transformations that number or rank rows: surrogate key, window, rank.
extension DataFlowCompiler {
    /// The single `output(name as long)` column of keyGenerate and rank.
    private func outputColumn(_ context: StatementContext) throws(DataFlowCompileError) -> String {
        guard let declared = try context.declaredColumns("output"), declared.count == 1 else {
            throw .invalidArgument(
                "\(context.statement.transformation)(...)", expected: "output(column as long) naming the new column",
                at: context.site)
        }
        return declared[0].name
    }

    mutating func keyGenerate(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let column = try outputColumn(context)
        let step = try context.integerOption("stepValue") ?? 1
        guard step == 1 else {
            throw .unsupportedOption("stepValue", detail: "pipehost numbers keys in steps of 1", at: context.site)
        }
        var schema = input.schema
        schema.set(KnownColumn(name: column, type: .long))
        emit(
            context.statement.name, context.statement,
            .keyGenerate(input: input.step, column: column, startAt: try context.integerOption("startAt") ?? 1),
            schema: schema)
    }

    mutating func window(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        try context.refuse([
            "startValue": "range frames are not supported yet", "endValue": "range frames are not supported yet",
        ])
        var partitionBy: [String] = []
        if let over = context.arguments.calls(named: "over").first {
            for argument in over.arguments {
                guard case .value(let value) = argument.kind else {
                    throw .invalidArgument(
                        "'\(argument.printed())' in over(...)", expected: "a column or expression",
                        at: context.at(argument.position))
                }
                partitionBy.append(try compiler.compile(value).sql)
            }
        }
        let orderBy = try orders(context, compiler: compiler)
        var range: PlanFrame?
        let start = try context.integerOption("startRowOffset")
        let end = try context.integerOption("endRowOffset")
        if start != nil || end != nil {
            range = PlanFrame(start: start ?? 0, end: end ?? 0)
        }
        var schema = input.schema
        var columns: [PlanColumn] = []
        for argument in context.arguments {
            guard case .assignment(let target, let value) = argument.kind else { continue }
            let name = try compiler.constantName(target)
            let compiled = try compiler.compile(value)
            columns.append(PlanColumn(name: name, expression: compiled.sql))
            schema.set(KnownColumn(name: name, type: compiled.type))
        }
        emit(
            context.statement.name, context.statement,
            .window(input: input.step, partitionBy: partitionBy, orderBy: orderBy, range: range, columns: columns),
            schema: schema)
    }

    mutating func rank(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        let column = try outputColumn(context)
        let orderBy = try orders(
            context, compiler: compiler, caseInsensitive: try context.boolOption("caseInsensitive", default: false))
        guard !orderBy.isEmpty else {
            throw .invalidArgument("rank(...)", expected: "at least one asc(...) or desc(...)", at: context.site)
        }
        var schema = input.schema
        schema.set(KnownColumn(name: column, type: .long))
        emit(
            context.statement.name, context.statement,
            .rank(
                input: input.step, orderBy: orderBy, column: column,
                dense: try context.boolOption("dense", default: false)),
            schema: schema)
    }
}
