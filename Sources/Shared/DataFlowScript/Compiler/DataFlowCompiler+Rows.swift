/// Transformations that choose, route, order or mark rows: filter, conditional split, sort, alter row.
extension DataFlowCompiler {
    mutating func filter(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first, let condition = context.positionalValues().first else {
            throw .invalidArgument("filter(...)", expected: "a condition", at: context.site)
        }
        let compiled = try expressions(context, input: input.schema).compile(condition)
        emit(
            context.statement.name, context.statement, .filter(input: input.step, condition: compiled.sql),
            schema: input.schema)
    }

    /// One `filter` step per branch, named `Split@Branch`. ADF's `disjoint: false` sends a row to the
    /// first branch whose condition holds; `disjoint: true` to every branch whose condition holds.
    /// The default branch (one more branch than conditions) takes the rows no condition holds for.
    mutating func split(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        let conditions = try context.positionalValues().map { (value) throws(DataFlowCompileError) in
            try compiler.compile(value).sql
        }
        let branches = context.statement.branches
        guard !conditions.isEmpty, branches.count == conditions.count || branches.count == conditions.count + 1 else {
            throw .invalidArgument(
                "the outputs of split",
                expected: "one per condition, and optionally one more for the default "
                    + "(\(conditions.count) conditions, \(branches.count) outputs)", at: context.site)
        }
        let firstMatchWins = !(try context.boolOption("disjoint", default: false))
        let notMatched = { (index: Int) in "NOT (\(conditions[index]) <=> true)" }
        for (index, branch) in branches.enumerated() {
            var condition: String
            if index < conditions.count {
                condition = conditions[index]
                if firstMatchWins, index > 0 {
                    condition = (0..<index).map(notMatched).joined(separator: " AND ") + " AND (\(condition))"
                }
            } else {
                condition = conditions.indices.map(notMatched).joined(separator: " AND ")
            }
            emit(
                "\(context.statement.name)@\(branch)", context.statement,
                .filter(input: input.step, condition: condition),
                schema: input.schema)
        }
    }

    /// `asc(expression, nullsFirst)` and `desc(…)` calls as orders.
    func orders(_ context: StatementContext, compiler: ExpressionCompiler, caseInsensitive: Bool = false)
        throws(DataFlowCompileError) -> [PlanOrder]
    {
        var orders: [PlanOrder] = []
        for argument in context.arguments {
            guard case .value(let value) = argument.kind, case .call(let call) = value.kind,
                call.name == "asc" || call.name == "desc"
            else { continue }
            let site = context.at(argument.position)
            let values = call.arguments.compactMap { argument -> DataFlowExpression? in
                if case .value(let value) = argument.kind { return value }
                return nil
            }
            guard (1...2).contains(values.count) else {
                throw .wrongArgumentCount(
                    function: call.name, expected: "1 or 2 arguments", found: values.count, at: site)
            }
            var key = try compiler.compile(values[0])
            var nullsFirst = call.name == "asc"
            if values.count == 2 {
                guard case .boolean(let flag)? = try compiler.compile(values[1]).constant else {
                    throw .constantRequired(function: call.name, argument: "nulls-first flag", at: site)
                }
                nullsFirst = flag
            }
            if caseInsensitive {
                if key.type == nil {
                    throw .unsupportedOption(
                        "caseInsensitive",
                        detail: "the type of '\(values[0].printed())' is not known, so pipehost "
                            + "cannot tell whether to compare it as text", at: site)
                }
                if key.type == .string { key.sql = "lower(\(key.sql))" }
            }
            orders.append(PlanOrder(expression: key.sql, ascending: call.name == "asc", nullsFirst: nullsFirst))
        }
        return orders
    }

    mutating func sort(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let orders = try self.orders(
            context, compiler: expressions(context, input: input.schema),
            caseInsensitive: try context.boolOption("caseInsensitive", default: false))
        guard !orders.isEmpty else {
            throw .invalidArgument("sort(...)", expected: "at least one asc(...) or desc(...)", at: context.site)
        }
        emit(context.statement.name, context.statement, .sort(input: input.step, orders: orders), schema: input.schema)
    }

    mutating func alterRow(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        var actions: [PlanRowAction] = []
        for value in context.positionalValues() {
            let site = context.at(value.position)
            guard case .call(let call) = value.kind else {
                throw .invalidArgument(
                    "'\(value.printed())'", expected: "insertIf, updateIf, upsertIf or deleteIf", at: site)
            }
            let action: String
            switch call.name {
            case "insertIf": action = "insert"
            case "updateIf": action = "update"
            case "upsertIf": action = "upsert"
            case "deleteIf": action = "delete"
            default:
                throw .invalidArgument(
                    "'\(call.name)(...)'", expected: "insertIf, updateIf, upsertIf or deleteIf", at: site)
            }
            guard call.arguments.count == 1, case .value(let condition) = call.arguments[0].kind else {
                throw .wrongArgumentCount(
                    function: call.name, expected: "1 argument", found: call.arguments.count, at: site)
            }
            actions.append(PlanRowAction(action: action, condition: try compiler.compile(condition).sql))
        }
        guard !actions.isEmpty else {
            throw .invalidArgument(
                "alterRow(...)", expected: "at least one insertIf, updateIf, upsertIf or deleteIf", at: context.site)
        }
        emit(
            context.statement.name, context.statement, .alterRow(input: input.step, actions: actions),
            schema: input.schema)
    }
}
