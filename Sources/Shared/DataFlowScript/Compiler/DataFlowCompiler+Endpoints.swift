/// Sources and sinks.
extension DataFlowCompiler {
    mutating func source(_ context: StatementContext) throws(DataFlowCompileError) {
        let statement = context.statement
        try context.refuse([
            "rowUrlColumn": "a column with each row's file name is not supported yet",
            "partitionRootPath": "partition discovery from a root path is not supported yet",
            "fileList": "reading a list of files from a file is not supported yet",
            "enableCdc": "change data capture is not supported yet",
        ])
        let declared = try context.declaredColumns("output")
        if let declared {
            for column in declared where column.type == nil {
                throw .unknownType(column.name, at: context.site)
            }
        }
        let drift = try context.boolOption("allowSchemaDrift", default: true)
        let validate = try context.boolOption("validateSchema", default: false)
        let ignoreNoFiles = try context.boolOption("ignoreNoFilesFound", default: false)
        guard var store = stores[statement.name] else { throw .missingStore(at: context.site) }
        store = try withScriptLocation(store, context)
        let schema = declared.map { KnownSchema(columns: $0, isComplete: !drift) } ?? .unknown
        var modified: [String: String] = [:]
        for name in ["modifiedAfter", "modifiedBefore"] {
            guard let value = context.arguments.option(name) else { continue }
            if case .jdbc = store {
                throw .unsupportedOption(name, detail: "it filters the files of a file source", at: context.site)
            }
            // An expression evaluated when the source is read (`addDays(currentUTC(), -1)`), in UTC.
            modified[name] = try expressions(context, input: .unknown).compile(value).sql
        }
        emit(
            statement.name, statement,
            .source(
                store: store, schema: declared, allowSchemaDrift: drift, validateSchema: validate,
                ignoreNoFilesFound: ignoreNoFiles, modifiedAfter: modified["modifiedAfter"],
                modifiedBefore: modified["modifiedBefore"]),
            schema: schema)
    }

    /// The script's `wildcardPaths` and `query` applied to the resolved store.
    private func withScriptLocation(_ store: PlanStore, _ context: StatementContext) throws(DataFlowCompileError)
        -> PlanStore
    {
        switch store {
        case .files(let format, let path, let wildcard, let options, let fileName):
            guard wildcard == nil, let paths = try context.constantOption("wildcardPaths") else { return store }
            guard case .array(let elements) = paths, elements.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidArgument("the option 'wildcardPaths'", expected: "a list of strings", at: context.site)
            }
            guard elements.count <= 1 else {
                throw .unsupportedOption(
                    "wildcardPaths", detail: "the plan reads one wildcard per source; found \(elements.count)",
                    at: context.site)
            }
            return .files(
                format: format, path: path, wildcard: elements.first?.stringValue, options: options, fileName: fileName)
        case .jdbc(let url, let schema, _, _, let user, let passwordEnv):
            guard let query = try context.stringOption("query") else { return store }
            return .jdbc(url: url, schema: schema, table: nil, query: query, user: user, passwordEnv: passwordEnv)
        case .unresolved:
            return store
        }
    }

    mutating func sink(_ context: StatementContext) throws(DataFlowCompileError) {
        let statement = context.statement
        if try context.stringOption("store") == "cache" {
            throw .unsupportedOption(
                "store", detail: "cached sinks and their lookups are not supported yet", at: context.site)
        }
        try context.refuse([
            "preCommands": "SQL before writing is given as preSQLs in pipehost",
            "postCommands": "SQL after writing is given as postSQLs in pipehost",
            "rowUrlColumn": "file names from a column are not supported yet",
            "filePattern": "file name patterns are not supported yet",
            "rowsPerFile": "a row limit per file is not supported yet",
        ])
        guard let input = inputs(of: context).first else { throw .unsupportedTransformation(at: context.site) }
        var columns: [PlanColumn]?
        var schema = input.schema
        if let mapping = context.arguments.calls(named: "mapColumn").first {
            let mapped = try self.mapping(
                mapping, context: context, input: input.schema,
                skipDuplicateInputs: try context.boolOption("skipDuplicateMapInputs", default: false),
                skipDuplicateOutputs: try context.boolOption("skipDuplicateMapOutputs", default: false))
            columns = mapped.columns
            schema = mapped.schema
        }
        let deletable = try context.boolOption("deletable", default: false)
        let insertable = try context.boolOption("insertable", default: true)
        let updateable = try context.boolOption("updateable", default: false)
        let upsertable = try context.boolOption("upsertable", default: false)
        var keys: [String] = []
        if let written = try context.constantOption("keys") {
            guard case .array(let elements) = written, elements.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidArgument("the option 'keys'", expected: "a list of column names", at: context.site)
            }
            keys = elements.compactMap(\.stringValue)
        }
        var allowed: [String] = []
        if insertable { allowed.append("insert") }
        if updateable { allowed.append("update") }
        if upsertable { allowed.append("upsert") }
        if deletable { allowed.append("delete") }
        // Marked rows are written only as the sink allows (an insert-only sink skips rows marked for
        // delete); unmarked rows are all inserts, which any sink that inserts takes.
        let changesRows = deletable || updateable || upsertable
        let rowActions = changesRows || markedRows.contains(input.step)
        if changesRows, keys.isEmpty {
            throw .invalidArgument(
                "keys", expected: "the key columns (keys:['id']) when the sink updates, upserts or deletes",
                at: context.site)
        }
        var partitions: Int64?
        if let partitioning = context.arguments.calls(named: "partitionBy").first {
            partitions = try partitionCount(partitioning, context)
        }
        guard var store = stores[statement.name] else { throw .missingStore(at: context.site) }
        if case .files(let format, let path, let wildcard, let options, nil) = store,
            let names = try context.constantOption("partitionFileNames")
        {
            guard case .array(let elements) = names, elements.count == 1, let fileName = elements[0].stringValue else {
                throw .unsupportedOption(
                    "partitionFileNames", detail: "the plan writes one named file; give exactly one name",
                    at: context.site)
            }
            store = .files(format: format, path: path, wildcard: wildcard, options: options, fileName: fileName)
            partitions = 1
        }
        let preSQL = try sqlStatements("preSQLs", context)
        let postSQL = try sqlStatements("postSQLs", context)
        if case .files = store, !(preSQL.isEmpty && postSQL.isEmpty) {
            throw .unsupportedOption(
                preSQL.isEmpty ? "postSQLs" : "preSQLs", detail: "SQL statements run only on database sinks",
                at: context.site)
        }
        emit(
            statement.name, statement,
            .sink(
                input: input.step, store: store, columns: columns, rowActions: rowActions, keys: keys,
                allowedActions: allowed, truncate: try context.boolOption("truncate", default: false),
                recreate: try context.boolOption("recreate", default: false), partitions: partitions, preSQL: preSQL,
                postSQL: postSQL),
            schema: schema)
    }

    /// `preSQLs: ['…', …]`: SQL statements as strings (parameters allowed); empty ones are skipped.
    private func sqlStatements(_ name: String, _ context: StatementContext) throws(DataFlowCompileError) -> [String] {
        guard let written = try context.constantOption(name) else { return [] }
        guard case .array(let elements) = written, elements.allSatisfy({ $0.stringValue != nil }) else {
            throw .invalidArgument("the option '\(name)'", expected: "a list of SQL statements as strings", at: context.site)
        }
        return elements.compactMap(\.stringValue).filter { !$0.isEmpty }
    }

    /// `partitionBy('hash', 4, col)`, `partitionBy('roundRobin', 4)`: the number of partitions.
    private func partitionCount(_ call: FunctionCall, _ context: StatementContext) throws(DataFlowCompileError) -> Int64
    {
        let compiler = expressions(context, input: .unknown)
        var values: [Constant?] = []
        for argument in call.arguments {
            guard case .value(let value) = argument.kind else { continue }
            values.append(try? compiler.compile(value).constant)
        }
        guard values.count >= 2, let kind = values[0]?.stringValue, let count = values[1]?.integerValue,
            (1...10_000).contains(count)
        else {
            throw .invalidArgument(
                "partitionBy(...)", expected: "partitionBy('hash' or 'roundRobin', a count from 1 to 10000, …)",
                at: context.site)
        }
        guard ["hash", "roundRobin"].contains(kind) else {
            throw .unsupportedOption(
                "partitionBy('\(kind)', …)", detail: "pipehost partitions by 'hash' or 'roundRobin'", at: context.site)
        }
        return count
    }
}
