/// Column mappings: select's and a sink's `mapColumn(…)`, derive, aggregate and cast, with ADF's
/// rule-based `each(match(condition), target = value)` resolved against the input's known columns.
extension DataFlowCompiler {
    mutating func select(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        guard let call = context.arguments.calls(named: "mapColumn").first else {
            throw .invalidArgument("select", expected: "a mapColumn(...) with the columns to keep", at: context.site)
        }
        let mapped = try mapping(
            call, context: context, input: input.schema,
            skipDuplicateInputs: try context.boolOption("skipDuplicateMapInputs", default: false),
            skipDuplicateOutputs: try context.boolOption("skipDuplicateMapOutputs", default: false))
        emit(
            context.statement.name, context.statement, .project(input: input.step, columns: mapped.columns),
            schema: mapped.schema)
    }

    /// The columns of a `mapColumn(…)`: `a`, `b = c`, `Stream@a`, and `each(match(…), $$ = …)`.
    func mapping(
        _ call: FunctionCall, context: StatementContext, input: KnownSchema, skipDuplicateInputs: Bool,
        skipDuplicateOutputs: Bool
    ) throws(DataFlowCompileError) -> (columns: [PlanColumn], schema: KnownSchema) {
        let compiler = expressions(context, input: input)
        var columns: [PlanColumn] = []
        var known: [KnownColumn] = []
        var mappedInputs: Set<String> = []
        func add(_ name: String, _ compiled: CompiledExpression) {
            if skipDuplicateOutputs, known.contains(where: { $0.name.lowercased() == name.lowercased() }) { return }
            columns.append(PlanColumn(name: name, expression: compiled.sql))
            known.append(KnownColumn(name: name, type: compiled.type))
        }
        for argument in call.arguments {
            let site = context.at(argument.position)
            switch argument.kind {
            case .value(let value):
                if case .call(let each) = value.kind, each.name == "each" {
                    for (name, compiled) in try rule(
                        each, at: argument.position, context: context, input: input,
                        skipping: skipDuplicateInputs ? mappedInputs : [])
                    {
                        add(name, compiled)
                        mappedInputs.insert(name.lowercased())
                    }
                    continue
                }
                let name: String
                switch value.kind {
                case .column(let text), .quotedColumn(let text):
                    name = text
                    if input.isComplete, input.column(named: text) == nil {
                        throw .unknownColumn(text, known: input.columns.map(\.name), at: site)
                    }
                case .streamColumn(_, let field), .field(_, let field): name = field.text
                default:
                    throw .invalidArgument(
                        "'\(value.printed())' in mapColumn(...)",
                        expected: "a column, 'name = expression' or each(...)",
                        at: site)
                }
                mappedInputs.insert(name.lowercased())
                add(name, try compiler.compile(value))
            case .assignment(let target, let value):
                let name = try compiler.constantName(target)
                if case .column(let source) = value.kind { mappedInputs.insert(source.lowercased()) }
                add(name, try compiler.compile(value))
            default:
                throw .invalidArgument(
                    "'\(argument.printed())' in mapColumn(...)", expected: "a column, 'name = expression' or each(...)",
                    at: site)
            }
        }
        return (columns, KnownSchema(columns: known, isComplete: true))
    }

    /// `each(match(condition), target = value, …)` over the input's columns, in their order; with no
    /// assignment a matching column is kept as it is. Needs every input column known.
    func rule(
        _ each: FunctionCall, at position: SourcePosition, context: StatementContext, input: KnownSchema,
        skipping: Set<String>
    ) throws(DataFlowCompileError) -> [(String, CompiledExpression)] {
        let site = context.at(position)
        guard case .value(let first)? = each.arguments.first?.kind, case .call(let match) = first.kind,
            match.name == "match", match.arguments.count == 1, case .value(let condition) = match.arguments[0].kind
        else {
            throw .unsupportedOption(
                "each(...)",
                detail: "pipehost compiles each(match(condition), …) over the input's columns; "
                    + "hierarchical each(column, …) is not supported yet", at: site)
        }
        guard input.isComplete else { throw .schemaRequired("the rule-based mapping each(match(...))", at: site) }
        var result: [(String, CompiledExpression)] = []
        for (offset, column) in input.columns.enumerated() where !skipping.contains(column.name.lowercased()) {
            let evaluator = PatternEvaluator(column: column, position: offset + 1, parameters: parameters, site: site)
            guard case .boolean(true) = try evaluator.evaluate(condition) else { continue }
            var compiler = expressions(context, input: input)
            compiler.scope.currentColumn = column
            let assignments = each.arguments.dropFirst()
            if assignments.isEmpty {
                result.append(
                    (column.name, CompiledExpression(sql: SparkSQL.identifier(column.name), type: column.type)))
                continue
            }
            for argument in assignments {
                guard case .assignment(let target, let value) = argument.kind else {
                    throw .invalidArgument(
                        "'\(argument.printed())' in each(...)", expected: "written 'target = value', e.g. $$ = $$",
                        at: context.at(argument.position))
                }
                guard case .string(let name) = try evaluator.evaluate(target) else {
                    throw .invalidArgument(
                        "the target '\(target.printed())'", expected: "a column name ($$, '$$ + \"_x\"', …)",
                        at: context.at(target.position))
                }
                result.append((name, try compiler.compile(value)))
            }
        }
        return result
    }

    mutating func derive(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        var schema = input.schema
        var columns: [PlanColumn] = []
        for argument in context.arguments {
            let site = context.at(argument.position)
            switch argument.kind {
            case .assignment(let target, let value):
                // Later columns see earlier ones, as withColumn in order gives them.
                let compiler = expressions(context, input: schema)
                let name = try compiler.constantName(target)
                let compiled = try compiler.compile(value)
                columns.append(PlanColumn(name: name, expression: compiled.sql))
                schema.set(KnownColumn(name: name, type: compiled.type))
            case .value(let value):
                guard case .call(let each) = value.kind, each.name == "each" else {
                    throw .invalidArgument(
                        "'\(argument.printed())' in derive(...)", expected: "'column = expression' or each(...)",
                        at: site)
                }
                for (name, compiled) in try rule(
                    each, at: argument.position, context: context, input: schema, skipping: [])
                {
                    columns.append(PlanColumn(name: name, expression: compiled.sql))
                    schema.set(KnownColumn(name: name, type: compiled.type))
                }
            default:
                throw .invalidArgument(
                    "'\(argument.printed())' in derive(...)", expected: "'column = expression' or each(...)", at: site)
            }
        }
        emit(
            context.statement.name, context.statement, .withColumns(input: input.step, columns: columns), schema: schema
        )
    }

    mutating func aggregate(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        let grouping = try groupByColumns(context, compiler: compiler)
        let groupBy = grouping.map(\.column)
        var known = grouping.map { KnownColumn(name: $0.column.name, type: $0.type) }
        var aggregates: [PlanColumn] = []
        let grouped = Set(groupBy.map { $0.name.lowercased() })
        for argument in context.arguments {
            switch argument.kind {
            case .assignment(let target, let value):
                let compiled = try compiler.compile(value)
                let name = try compiler.constantName(target)
                aggregates.append(PlanColumn(name: name, expression: compiled.sql))
                known.append(KnownColumn(name: name, type: compiled.type))
            case .value(let value):
                guard case .call(let call) = value.kind else {
                    throw .invalidArgument(
                        "'\(argument.printed())' in aggregate(...)", expected: "'name = aggregate' or each(...)",
                        at: context.at(argument.position))
                }
                if call.name == "groupBy" { continue }
                guard call.name == "each" else {
                    throw .invalidArgument(
                        "'\(argument.printed())' in aggregate(...)", expected: "'name = aggregate' or each(...)",
                        at: context.at(argument.position))
                }
                for (name, compiled) in try rule(
                    call, at: argument.position, context: context, input: input.schema, skipping: grouped)
                {
                    aggregates.append(PlanColumn(name: name, expression: compiled.sql))
                    known.append(KnownColumn(name: name, type: compiled.type))
                }
            case .option(let name, _):
                if name != "partitionBy" {
                    throw .unsupportedOption(
                        name, detail: "aggregate takes groupBy(...) and aggregates", at: context.at(argument.position))
                }
            case .declaration:
                throw .invalidArgument(
                    "'\(argument.printed())' in aggregate(...)", expected: "'name = aggregate'",
                    at: context.at(argument.position))
            }
        }
        emit(
            context.statement.name, context.statement,
            .aggregate(input: input.step, groupBy: groupBy, aggregates: aggregates),
            schema: KnownSchema(columns: known, isComplete: true))
    }

    /// The columns of a `groupBy(…)` (aggregate, pivot): columns or `name = expression`.
    func groupByColumns(_ context: StatementContext, compiler: ExpressionCompiler) throws(DataFlowCompileError)
        -> [(column: PlanColumn, type: ColumnType?)]
    {
        guard let call = context.arguments.calls(named: "groupBy").first else { return [] }
        var result: [(column: PlanColumn, type: ColumnType?)] = []
        for argument in call.arguments {
            let name: String
            let compiled: CompiledExpression
            switch argument.kind {
            case .value(let value):
                switch value.kind {
                case .column(let text), .quotedColumn(let text): name = text
                case .streamColumn(_, let field), .field(_, let field): name = field.text
                default:
                    throw .invalidArgument(
                        "the group-by '\(value.printed())'", expected: "a column or 'name = expression'",
                        at: context.at(argument.position))
                }
                compiled = try compiler.compile(value)
            case .assignment(let target, let value):
                name = try compiler.constantName(target)
                compiled = try compiler.compile(value)
            default:
                throw .invalidArgument(
                    "the group-by '\(argument.printed())'", expected: "a column or 'name = expression'",
                    at: context.at(argument.position))
            }
            result.append((PlanColumn(name: name, expression: compiled.sql), compiled.type))
        }
        return result
    }

    mutating func cast(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        try context.refuse(["errors": "marking rows whose cast fails as errors is not supported yet"])
        guard let declared = try context.declaredColumns("output") else {
            throw .invalidArgument("cast", expected: "output(column as type, ...)", at: context.site)
        }
        var schema = input.schema
        var columns: [PlanColumn] = []
        for column in declared {
            guard let type = column.type else { throw .unknownType(column.name, at: context.site) }
            columns.append(
                PlanColumn(
                    name: column.name, expression: "CAST(\(SparkSQL.identifier(column.name)) AS \(type.sparkDDL))"))
            schema.set(column)
        }
        emit(
            context.statement.name, context.statement, .withColumns(input: input.step, columns: columns), schema: schema
        )
    }
}
