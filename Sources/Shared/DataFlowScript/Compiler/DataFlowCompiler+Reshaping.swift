/// Transformations that change a stream's shape: flatten (`foldDown`), pivot and unpivot.
extension DataFlowCompiler {
    /// `foldDown(unroll(array[, root]), mapColumn(…))`: one row per element of the array (a row
    /// whose array is null or empty keeps one row with the element null, as ADF documents), the
    /// array's path naming the element in the mapping. With a root equal to the array, rows without
    /// elements are dropped, as ADF documents for an unroll root.
    mutating func flatten(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let unrolls = context.arguments.calls(named: "unroll")
        guard unrolls.count == 1, let unroll = unrolls.first, (1...2).contains(unroll.arguments.count) else {
            throw .invalidArgument(
                "foldDown(...)", expected: "one unroll(array) or unroll(array, root) (pipehost unrolls one array)",
                at: context.site)
        }
        let path = try unrollPath(unroll.arguments[0], context)
        var keepEmpty = true
        if unroll.arguments.count == 2 {
            let root = try unrollPath(unroll.arguments[1], context)
            guard root.map({ $0.lowercased() }) == path.map({ $0.lowercased() }) else {
                throw .unsupportedOption(
                    "unroll root",
                    detail: "pipehost unrolls with a root only when the root is the unrolled array itself",
                    at: context.at(unroll.arguments[1].position))
            }
            keepEmpty = false
        }
        guard let call = context.arguments.calls(named: "mapColumn").first else {
            throw .invalidArgument("foldDown", expected: "a mapColumn(...) with the columns to keep", at: context.site)
        }
        let unrolled = try elementSchema(input.schema, path: path, at: context.at(unroll.arguments[0].position))
        let mapped = try mapping(
            call, context: context, input: unrolled,
            skipDuplicateInputs: try context.boolOption("skipDuplicateMapInputs", default: false),
            skipDuplicateOutputs: try context.boolOption("skipDuplicateMapOutputs", default: false))
        emit(
            context.statement.name, context.statement,
            .flatten(input: input.step, unroll: path, keepEmpty: keepEmpty, columns: mapped.columns),
            schema: mapped.schema)
    }

    /// `items` or `goods.orders` as the column and the struct fields leading to the array.
    private func unrollPath(_ argument: ScriptArgument, _ context: StatementContext) throws(DataFlowCompileError)
        -> [String]
    {
        let site = context.at(argument.position)
        guard case .value(var current) = argument.kind else {
            throw .invalidArgument("'\(argument.printed())' in unroll(...)", expected: "an array column", at: site)
        }
        var parts: [String] = []
        while true {
            switch current.kind {
            case .field(let base, let name):
                parts.insert(name.text, at: 0)
                current = base
            case .parenthesized(let inner):
                current = inner
            case .column(let name), .quotedColumn(let name):
                parts.insert(name, at: 0)
                return parts
            default:
                throw .invalidArgument(
                    "'\(argument.printed())' in unroll(...)",
                    expected: "an array column or a path to one (items, goods.orders)", at: site)
            }
        }
    }

    /// The input's columns as the mapping sees them: the array at `path` replaced by its element.
    private func elementSchema(_ schema: KnownSchema, path: [String], at site: CompileSite)
        throws(DataFlowCompileError) -> KnownSchema
    {
        guard let column = schema.column(named: path[0]) else {
            if schema.isComplete { throw .unknownColumn(path[0], known: schema.columns.map(\.name), at: site) }
            return schema
        }
        var result = schema
        result.set(KnownColumn(name: column.name, type: try replacingArray(column.type, path: path[1...], at: site)))
        return result
    }

    /// `type` with the array at `path` (struct fields below it) replaced by its element type; nil
    /// where a type on the way is not known. The path is as deep as the script's nesting, which the
    /// parser bounds.
    private func replacingArray(_ type: ColumnType?, path: ArraySlice<String>, at site: CompileSite)
        throws(DataFlowCompileError) -> ColumnType?
    {
        guard let type else { return nil }
        guard let next = path.first else {
            guard case .array(let element) = type else {
                throw .invalidArgument(
                    "the unrolled column", expected: "an array (its type is \(type.adfName))", at: site)
            }
            return element
        }
        guard case .structure(var fields) = type,
            let index = fields.firstIndex(where: { $0.name.lowercased() == next.lowercased() })
        else { return nil }
        fields[index].type = try replacingArray(fields[index].type, path: path.dropFirst(), at: site)
        return .structure(fields)
    }

    /// `pivot(groupBy(…), pivotBy(key[, [values]]), name = aggregate, …, columnNaming: '$N$V', lateral: true)`.
    mutating func pivot(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let compiler = expressions(context, input: input.schema)
        let groupBy = try groupByColumns(context, compiler: compiler)
        guard let pivotBy = context.arguments.calls(named: "pivotBy").first, (1...2).contains(pivotBy.arguments.count),
            case .value(let keyExpression) = pivotBy.arguments[0].kind
        else {
            throw .invalidArgument("pivot(...)", expected: "a pivotBy(key) or pivotBy(key, [values])", at: context.site)
        }
        let key = try compiler.compile(keyExpression)
        var values: [Constant]?
        if pivotBy.arguments.count == 2 {
            values = try pivotValues(pivotBy.arguments[1], context: context, compiler: compiler)
        }
        guard let naming = try context.stringOption("columnNaming") else {
            throw .invalidArgument(
                "pivot(...)",
                expected: "given a columnNaming: pattern ('$N$V', '$V_$N': $N the aggregate, $V the value)",
                at: context.site)
        }
        var aggregates: [PlanColumn] = []
        var aggregateTypes: [ColumnType?] = []
        for argument in context.arguments {
            switch argument.kind {
            case .assignment(let target, let value):
                let compiled = try compiler.compile(value)
                aggregates.append(PlanColumn(name: try compiler.constantName(target), expression: compiled.sql))
                aggregateTypes.append(compiled.type)
            case .option(let name, _):
                guard ["columnNaming", "lateral", "partitionBy"].contains(name) else {
                    throw .unsupportedOption(
                        name, detail: "pivot takes groupBy, pivotBy, aggregates, columnNaming and lateral",
                        at: context.at(argument.position))
                }
            case .value(let value):
                if case .call(let call) = value.kind, call.name == "groupBy" || call.name == "pivotBy" { continue }
                throw .invalidArgument(
                    "'\(argument.printed())' in pivot(...)", expected: "'name = aggregate'",
                    at: context.at(argument.position))
            case .declaration:
                throw .invalidArgument(
                    "'\(argument.printed())' in pivot(...)", expected: "'name = aggregate'",
                    at: context.at(argument.position))
            }
        }
        guard !aggregates.isEmpty else {
            throw .invalidArgument("pivot(...)", expected: "given at least one 'name = aggregate'", at: context.site)
        }
        let lateral = try context.boolOption("lateral", default: true)
        var schema = KnownSchema(
            columns: groupBy.map { KnownColumn(name: $0.column.name, type: $0.type) }, isComplete: false)
        if let values {
            for (aggregate, value) in PivotNaming.order(
                aggregates: aggregates.count, values: values.count, lateral: lateral)
            {
                let name = PivotNaming.name(
                    naming, aggregate: aggregates[aggregate].name, value: PivotNaming.text(values[value]))
                schema.columns.append(KnownColumn(name: name, type: aggregateTypes[aggregate]))
            }
            schema.isComplete = true
        }
        emit(
            context.statement.name, context.statement,
            .pivot(
                input: input.step, groupBy: groupBy.map(\.column), pivotKey: key.sql, values: values,
                aggregates: aggregates, columnNaming: naming, lateral: lateral),
            schema: schema)
    }

    private func pivotValues(_ argument: ScriptArgument, context: StatementContext, compiler: ExpressionCompiler)
        throws(DataFlowCompileError) -> [Constant]
    {
        let site = context.at(argument.position)
        guard case .value(let expression) = argument.kind,
            case .array(let list)? = try compiler.compile(expression).constant
        else {
            throw .invalidArgument(
                "the values of pivotBy(...)", expected: "a list of literals or parameters (['Q1', 'Q2'])", at: site)
        }
        for value in list {
            switch value {
            case .string, .integer, .boolean: continue
            default:
                throw .invalidArgument(
                    "the pivot value \(value.text)", expected: "a string, an integer or a boolean", at: site)
            }
        }
        return list
    }

    /// `unpivot(output(key as string, value as type), ungroupBy(…), lateral: true, ignoreNullPivots: false)`:
    /// every column not in `ungroupBy` becomes a row holding its name in the key and its value.
    mutating func unpivot(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        for argument in context.arguments {
            if let name = argument.optionName, !["lateral", "ignoreNullPivots", "partitionBy"].contains(name) {
                throw .unsupportedOption(
                    name, detail: "unpivot takes output, ungroupBy, lateral and ignoreNullPivots",
                    at: context.at(argument.position))
            }
        }
        guard let declared = try context.declaredColumns("output"), declared.count >= 2 else {
            throw .invalidArgument(
                "unpivot(...)", expected: "given output(key as string, value as type)", at: context.site)
        }
        guard declared.count == 2 else {
            throw .unsupportedOption(
                "output(...)", detail: "pipehost unpivots into one value column (output(key as string, value as type))",
                at: context.site)
        }
        guard declared[0].type == .string, let valueType = declared[1].type else {
            throw .invalidArgument(
                "the unpivot key '\(declared[0].name)'", expected: "declared 'as string' (it holds column names)",
                at: context.site)
        }
        guard input.schema.isComplete else { throw .schemaRequired("unpivot", at: context.site) }
        var ungroupBy: [KnownColumn] = []
        if let call = context.arguments.calls(named: "ungroupBy").first {
            for argument in call.arguments {
                let site = context.at(argument.position)
                guard case .value(let value) = argument.kind else {
                    throw .invalidArgument("'\(argument.printed())' in ungroupBy(...)", expected: "a column", at: site)
                }
                let name: String
                switch value.kind {
                case .column(let text), .quotedColumn(let text): name = text
                default:
                    throw .invalidArgument("'\(argument.printed())' in ungroupBy(...)", expected: "a column", at: site)
                }
                guard let column = input.schema.column(named: name) else {
                    throw .unknownColumn(name, known: input.schema.columns.map(\.name), at: site)
                }
                ungroupBy.append(column)
            }
        }
        let kept = Set(ungroupBy.map { $0.name.lowercased() })
        let unpivoted = input.schema.columns.map(\.name).filter { !kept.contains($0.lowercased()) }
        guard !unpivoted.isEmpty else {
            throw .invalidArgument(
                "unpivot(...)", expected: "left with columns to unpivot (every column is in ungroupBy)",
                at: context.site)
        }
        emit(
            context.statement.name, context.statement,
            .unpivot(
                input: input.step, ungroupBy: ungroupBy.map(\.name), unpivoted: unpivoted, keyColumn: declared[0].name,
                valueColumn: declared[1].name, valueType: valueType,
                ignoreNulls: try context.boolOption("ignoreNullPivots", default: false)),
            schema: KnownSchema(columns: ungroupBy + declared, isComplete: true))
    }
}

/// How pivot names and orders its new columns; the driver follows the same rules when the values
/// are found in the data.
public enum PivotNaming {
    /// `pattern` with `$N` replaced by the aggregate's name and `$V` by the value, in one pass.
    public static func name(_ pattern: String, aggregate: String, value: String) -> String {
        var result = ""
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let next = pattern.index(after: index)
            if pattern[index] == "$", next < pattern.endIndex, pattern[next] == "N" || pattern[next] == "V" {
                result += pattern[next] == "N" ? aggregate : value
                index = pattern.index(after: next)
            } else {
                result.append(pattern[index])
                index = next
            }
        }
        return result
    }

    /// A pivot value as a column name shows it.
    public static func text(_ value: Constant) -> String { value.text }

    /// The (aggregate, value) pairs in column order: lateral puts each value's aggregates side by
    /// side; otherwise each aggregate's columns come together, value after value.
    public static func order(aggregates: Int, values: Int, lateral: Bool) -> [(Int, Int)] {
        if lateral { return (0..<values).flatMap { value in (0..<aggregates).map { ($0, value) } } }
        return (0..<aggregates).flatMap { aggregate in (0..<values).map { (aggregate, $0) } }
    }
}
