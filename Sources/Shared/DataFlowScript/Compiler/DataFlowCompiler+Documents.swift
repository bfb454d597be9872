/// Transformations between text documents and typed values: parse (JSON or delimited text into a
/// structure) and stringify (a value into JSON text). Both become columns added in order.
extension DataFlowCompiler {
    /// `parse(column = text ? (a as integer, …), format: 'json' | 'delimited', …)`.
    mutating func parse(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        let format = try context.stringOption("format") ?? "json"
        let reader: (String, ColumnType) -> String
        switch format {
        case "json":
            try allowOptions(context, ["format", "documentForm"])
            let form = try context.stringOption("documentForm") ?? "singleDocument"
            guard form == "singleDocument" || form == "documentPerLine" else {
                throw .unsupportedOption(
                    "documentForm",
                    detail: "pipehost parses one document per value ('singleDocument', 'documentPerLine')",
                    at: context.site)
            }
            reader = { text, type in "from_json(\(text), \(SparkSQL.string(type.sparkDDL)))" }
        case "delimited":
            try allowOptions(
                context, ["format", "columnDelimiter", "quoteChar", "escapeChar", "nullValue", "columnNamesAsHeader"])
            if try context.boolOption("columnNamesAsHeader", default: false) {
                throw .unsupportedOption(
                    "columnNamesAsHeader", detail: "a parsed value has no header line", at: context.site)
            }
            var options: [String] = []
            for (option, spark) in [
                ("columnDelimiter", "sep"), ("quoteChar", "quote"), ("escapeChar", "escape"),
                ("nullValue", "nullValue"),
            ] {
                if let value = try context.stringOption(option) {
                    options += [SparkSQL.string(spark), SparkSQL.string(value)]
                }
            }
            let map = options.isEmpty ? "" : ", map(" + options.joined(separator: ", ") + ")"
            reader = { text, type in "from_csv(\(text), \(SparkSQL.string(type.sparkDDL))\(map))" }
        default:
            throw .unsupportedOption(
                "format", detail: "pipehost parses 'json' and 'delimited' text ('\(format)' is not supported yet)",
                at: context.site)
        }
        var schema = input.schema
        var columns: [PlanColumn] = []
        for argument in context.arguments where argument.optionName == nil {
            let (name, text, type) = try typedAssignment(argument, context: context, schema: schema, verb: "parse")
            if format == "delimited", case .structure = type {
            } else if format == "delimited" {
                throw .invalidArgument(
                    "the type of '\(name)'", expected: "a structure (a as string, b as integer) for delimited text",
                    at: context.at(argument.position))
            }
            columns.append(PlanColumn(name: name, expression: reader(text.sql, type)))
            schema.set(KnownColumn(name: name, type: type))
        }
        emit(
            context.statement.name, context.statement, .withColumns(input: input.step, columns: columns), schema: schema
        )
    }

    /// `stringify(column = value ? string, format: 'json')`; with a structure type
    /// (`? (a as string, …)`) only those fields of the value are written, cast to their types.
    mutating func stringify(_ context: StatementContext) throws(DataFlowCompileError) {
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        try allowOptions(context, ["format"])
        let format = try context.stringOption("format") ?? "json"
        guard format == "json" else {
            throw .unsupportedOption("format", detail: "pipehost writes values as 'json' only", at: context.site)
        }
        var schema = input.schema
        var columns: [PlanColumn] = []
        for argument in context.arguments where argument.optionName == nil {
            let (name, value, type) = try typedAssignment(argument, context: context, schema: schema, verb: "stringify")
            var document = value.sql
            if case .structure(let fields) = type {
                document =
                    "named_struct("
                    + fields.map {
                        let field = "\(value.sql).\(SparkSQL.identifier($0.name))"
                        let typed = $0.type.map { "CAST(\(field) AS \($0.sparkDDL))" } ?? field
                        return SparkSQL.string($0.name) + ", " + typed
                    }.joined(separator: ", ") + ")"
            } else {
                switch value.type {
                case .structure?, .array?, .map?, nil: break
                case let scalar?:
                    throw .invalidArgument(
                        "the value of '\(name)'",
                        expected: "a structure, array or map to write as JSON (its type is \(scalar.adfName))",
                        at: context.at(argument.position))
                }
            }
            columns.append(PlanColumn(name: name, expression: "to_json(\(document))"))
            schema.set(KnownColumn(name: name, type: .string))
        }
        emit(
            context.statement.name, context.statement, .withColumns(input: input.step, columns: columns), schema: schema
        )
    }

    /// `name = value ? type` of parse and stringify: the name, the compiled value and the type.
    private func typedAssignment(
        _ argument: ScriptArgument, context: StatementContext, schema: KnownSchema, verb: String
    ) throws(DataFlowCompileError) -> (String, CompiledExpression, ColumnType) {
        let site = context.at(argument.position)
        guard case .assignment(let target, let value) = argument.kind,
            case .typed(let inner, let reference) = value.kind
        else {
            throw .invalidArgument(
                "'\(argument.printed())' in \(verb)(...)", expected: "written 'name = expression ? type'", at: site)
        }
        let compiler = expressions(context, input: schema)
        let name = try compiler.constantName(target)
        let type: ColumnType
        switch ColumnType.from(reference) {
        case .success(let found): type = found
        case .failure(let failure): throw .unknownType(failure.name, at: context.at(reference.position))
        }
        return (name, try compiler.compile(inner), type)
    }

    private func allowOptions(_ context: StatementContext, _ names: Set<String>) throws(DataFlowCompileError) {
        for argument in context.arguments {
            if let name = argument.optionName, !names.contains(name) {
                throw .unsupportedOption(
                    name, detail: "\(context.statement.transformation) does not take it in pipehost",
                    at: context.at(argument.position))
            }
        }
    }
}
