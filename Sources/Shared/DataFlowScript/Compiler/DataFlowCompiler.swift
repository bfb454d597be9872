import PipehostJSON

/// Compiles a connected data flow script into a `DataFlowPlan` for the Spark driver: parameters
/// inlined, every expression Spark SQL, the columns each stream has tracked where they are known.
/// Anything it cannot translate faithfully is a `DataFlowCompileError` naming the statement, never
/// a plan that would compute something else.
public struct DataFlowCompiler {
    let graph: DataFlowGraph
    let parameters: [String: CompiledExpression]
    let stores: [String: PlanStore]
    var schemas: [String: KnownSchema] = [:]
    var steps: [PlanStep] = []
    /// Steps whose rows carry an alter row's marks (an alterRow, or a step reading one).
    var markedRows: Set<String> = []
    /// The streams each step's frame still knows its columns by in Spark (`Stream`.`column`): the
    /// sides of a join, exists or lookup, kept by the steps that only add columns or rows.
    var qualifiers: [String: Set<String>] = [:]

    /// The plan for `graph`. `parameters` are the values the activity gives (absent ones take their
    /// declared default); `stores` is the resolved store of each source and sink by stream name.
    public static func compile(
        _ graph: DataFlowGraph, dataFlow: String, parameters: [String: JSONValue] = [:], stores: [String: PlanStore]
    ) throws(DataFlowCompileError) -> DataFlowPlan {
        let binding = try ParameterBinding(script: graph.script, given: parameters)
        var compiler = DataFlowCompiler(graph: graph, parameters: binding.values, stores: stores)
        for statement in graph.orderedStatements {
            try compiler.compile(statement)
        }
        return DataFlowPlan(dataFlow: dataFlow, steps: compiler.steps)
    }

    /// Placeholder stores for every source and sink, describing what the script says about them,
    /// for `pipehost dataflow explain` without a factory to resolve datasets.
    public static func placeholderStores(for graph: DataFlowGraph) -> [String: PlanStore] {
        var stores: [String: PlanStore] = [:]
        for statement in graph.script.statements where statement.kind == .source || statement.kind == .sink {
            let options = statement.arguments.compactMap { argument -> String? in
                guard case .option(let name, _) = argument.kind else { return nil }
                let interesting = [
                    "format", "store", "fileSystem", "folderPath", "wildcardPaths", "query", "tableName", "table",
                    "partitionFileNames", "fileName",
                ]
                return interesting.contains(name) ? argument.printed() : nil
            }
            let description =
                "\(statement.transformation) '\(statement.name)'"
                + (options.isEmpty ? "" : " with " + options.joined(separator: ", "))
            stores[statement.name] = .unresolved(description: description)
        }
        return stores
    }

    mutating func compile(_ written: Statement) throws(DataFlowCompileError) {
        var statement = written
        if statement.kind != .sink {
            // The Optimize tab's partitioning of any transformation but a sink: a hint to Spark about
            // its partitions, which changes no row. Spark plans the partitions itself here.
            statement.arguments.removeAll { argument in
                if case .value(let value) = argument.kind, case .call(let call) = value.kind { return call.name == "partitionBy" }
                return false
            }
        }
        let site = CompileSite(stream: statement.name, transformation: statement.transformation, at: statement.position)
        let context = StatementContext(statement: statement, site: site, parameters: parameters)
        switch statement.kind {
        case .source?: try source(context)
        case .sink?: try sink(context)
        case .select?: try select(context)
        case .derive?: try derive(context)
        case .filter?: try filter(context)
        case .aggregate?: try aggregate(context)
        case .join?: try join(context)
        case .exists?: try exists(context)
        case .lookup?: try lookup(context)
        case .union?: try union(context)
        case .split?: try split(context)
        case .sort?: try sort(context)
        case .alterRow?: try alterRow(context)
        case .keyGenerate?: try keyGenerate(context)
        case .window?: try window(context)
        case .rank?: try rank(context)
        case .cast?: try cast(context)
        case .foldDown?: try flatten(context)
        case .pivot?: try pivot(context)
        case .unpivot?: try unpivot(context)
        case .parse?: try parse(context)
        case .stringify?: try stringify(context)
        default: throw .unsupportedTransformation(at: site)
        }
    }

    /// Adds a step and remembers the columns its stream has.
    mutating func emit(_ name: String, _ statement: Statement, _ operation: PlanOperation, schema: KnownSchema) {
        steps.append(PlanStep(name: name, transformation: statement.transformation, operation: operation))
        schemas[name] = schema
        qualifiers[name] = Self.qualifiers(after: operation, inputs: qualifiers)
        if case .alterRow = operation {
            markedRows.insert(name)
        } else if operation.inputs.contains(where: markedRows.contains) {
            markedRows.insert(name)
        }
    }

    /// The step name of each input and the columns known for it.
    func inputs(of context: StatementContext) -> [(step: String, stream: String, schema: KnownSchema)] {
        context.statement.inputs.map { reference in
            (reference.description, reference.stream, schemas[reference.description] ?? .unknown)
        }
    }

    /// An expression compiler over `input`, with the named streams visible for `Stream@column`. In a
    /// transformation with one input, `Stream@column` of an earlier stream that the input's frame no
    /// longer knows by name (a source, anything after a select) reads the input's column.
    func expressions(_ context: StatementContext, input: KnownSchema, streams: [String: KnownSchema] = [:])
        -> ExpressionCompiler
    {
        var scope = ExpressionScope(site: context.site, parameters: parameters, input: input, streams: streams)
        scope.rowsMarked = context.statement.inputs.contains { markedRows.contains($0.description) }
        if streams.isEmpty, context.statement.inputs.count == 1, let step = inputs(of: context).first?.step {
            let earlier = Set(schemas.keys.map { String($0.split(separator: "@").first ?? Substring($0)) })
            scope.unqualified = earlier.subtracting(qualifiers[step] ?? [])
        }
        return ExpressionCompiler(scope: scope)
    }

    /// The streams a step's frame knows columns by: a join's, exists' or lookup's sides (the driver
    /// aliases them), and whatever its input knew for steps that keep the input's columns as they are.
    static func qualifiers(after operation: PlanOperation, inputs: [String: Set<String>]) -> Set<String> {
        switch operation {
        case .join(let left, let right, _, _, _), .lookup(let left, let right, _, _, _, _):
            return [left, right]
        case .exists(let left, _, _, _):
            return [left]
        case .withColumns(let input, _), .filter(let input, _), .sort(let input, _), .alterRow(let input, _),
            .keyGenerate(let input, _, _), .window(let input, _, _, _, _), .rank(let input, _, _, _):
            return inputs[input] ?? []
        default:
            return []
        }
    }
}

/// A statement being compiled, with its options read as constants.
struct StatementContext {
    let statement: Statement
    let site: CompileSite
    let parameters: [String: CompiledExpression]

    var arguments: [ScriptArgument] { statement.arguments }

    func at(_ position: SourcePosition) -> CompileSite {
        CompileSite(stream: site.stream, transformation: site.transformation, at: position)
    }

    /// The positional values that are not calls named in `excluding` (`output(…)`, `mapColumn(…)`).
    func positionalValues(excluding calls: Set<String> = []) -> [DataFlowExpression] {
        arguments.compactMap { argument in
            guard case .value(let value) = argument.kind else { return nil }
            if case .call(let call) = value.kind, calls.contains(call.name) { return nil }
            return value
        }
    }

    /// The value of option `name` evaluated when compiling (`true`, `true()`, `'left'`, `($param)`).
    func constantOption(_ name: String) throws(DataFlowCompileError) -> Constant? {
        guard let value = arguments.option(name) else { return nil }
        let compiler = ExpressionCompiler(scope: ExpressionScope(site: site, parameters: parameters, input: .unknown))
        let compiled = try compiler.compile(value)
        guard let constant = compiled.constant else {
            throw .invalidArgument(
                "the option '\(name)'", expected: "a literal or a parameter, known when the data flow starts",
                at: at(value.position))
        }
        return constant
    }

    func boolOption(_ name: String, default fallback: Bool) throws(DataFlowCompileError) -> Bool {
        guard let constant = try constantOption(name) else { return fallback }
        guard case .boolean(let flag) = constant else {
            throw .invalidArgument("the option '\(name)'", expected: "true or false", at: site)
        }
        return flag
    }

    func stringOption(_ name: String) throws(DataFlowCompileError) -> String? {
        guard let constant = try constantOption(name) else { return nil }
        guard case .string(let text) = constant else {
            throw .invalidArgument("the option '\(name)'", expected: "a string", at: site)
        }
        return text
    }

    func integerOption(_ name: String) throws(DataFlowCompileError) -> Int64? {
        guard let constant = try constantOption(name) else { return nil }
        guard case .integer(let value) = constant else {
            throw .invalidArgument("the option '\(name)'", expected: "an integer", at: site)
        }
        return value
    }

    /// Refuses options whose meaning the plan cannot carry yet.
    func refuse(_ names: [String: String]) throws(DataFlowCompileError) {
        for argument in arguments {
            if let name = argument.optionName, let detail = names[name] {
                if case .option(_, let value) = argument.kind, Self.isEmptyOrFalse(value) { continue }
                throw .unsupportedOption(name, detail: detail, at: at(argument.position))
            }
        }
    }

    private static func isEmptyOrFalse(_ value: DataFlowExpression) -> Bool {
        switch value.kind {
        case .boolean(false): return true
        case .array(let elements): return elements.isEmpty
        case .call(let call): return call.name == "false" && call.arguments.isEmpty
        case .parenthesized(let inner): return isEmptyOrFalse(inner)
        default: return false
        }
    }

    /// `output(name as type, …)` (or `input(…)`) declarations as columns.
    func declaredColumns(_ callName: String) throws(DataFlowCompileError) -> [KnownColumn]? {
        guard let call = arguments.calls(named: callName).first else { return nil }
        var columns: [KnownColumn] = []
        for argument in call.arguments {
            guard case .declaration(let nameExpression, let reference) = argument.kind else {
                throw .invalidArgument(
                    "'\(argument.printed())' in \(callName)(...)", expected: "a declaration 'name as type'",
                    at: at(argument.position))
            }
            let name: String
            switch nameExpression.kind {
            case .column(let text), .quotedColumn(let text), .string(let text): name = text
            default:
                throw .invalidArgument(
                    "'\(nameExpression.printed())'", expected: "a column name", at: at(argument.position))
            }
            switch ColumnType.from(reference) {
            case .success(let type): columns.append(KnownColumn(name: name, type: type))
            case .failure(let failure): throw .unknownType(failure.name, at: at(reference.position))
            }
        }
        return columns
    }
}
