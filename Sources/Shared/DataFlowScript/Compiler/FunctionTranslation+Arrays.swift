/// Arrays, ADF's higher-order functions (`#item`, `#acc`) as Spark lambdas, and columns chosen by
/// name or position.
extension FunctionTranslation {
    func arrayAndColumn(_ key: String) throws(DataFlowCompileError) -> CompiledExpression? {
        switch key {
        case "array":
            let args = try compiled(0...Int.max)
            return make("array(" + args.map(\.sql).joined(separator: ", ") + ")", .array(args.first?.type ?? .string))
        case "size":
            return try plain("size", 1...1, .integer)
        case "at":
            let args = try compiled(2...2)
            return try compiler.element(of: args[0], at: args[1])
        case "slice":
            let args = try compiled(2...3)
            let length = args.count == 3 ? args[2].sql : "size(\(args[0].sql))"
            return make("slice(\(args[0].sql), \(args[1].sql), \(length))", args[0].type)
        case "distinct":
            let args = try compiled(1...1)
            return make("array_distinct(\(args[0].sql))", args[0].type)
        case "map", "filter", "contains":
            let values = try arguments()
            guard values.count == 2 else {
                throw .wrongArgumentCount(function: name, expected: "2 arguments", found: values.count, at: site)
            }
            let array = try compiler.compile(values[0])
            var elementType: ColumnType?
            if case .array(let element)? = array.type { elementType = element }
            var inner = compiler
            inner.scope.lambdaVariables["item"] = CompiledExpression(sql: "__item", type: elementType)
            let body = try inner.compile(values[1])
            let lambda = "__item -> \(body.sql)"
            switch key {
            case "map": return make("transform(\(array.sql), \(lambda))", .array(body.type))
            case "filter": return make("filter(\(array.sql), \(lambda))", array.type)
            default: return make("exists(\(array.sql), \(lambda))", .boolean)
            }
        case "reduce":
            let values = try arguments()
            guard values.count == 4 else {
                throw .wrongArgumentCount(function: name, expected: "4 arguments", found: values.count, at: site)
            }
            let array = try compiler.compile(values[0])
            let initial = try compiler.compile(values[1])
            var elementType: ColumnType?
            if case .array(let element)? = array.type { elementType = element }
            var step = compiler
            step.scope.lambdaVariables["acc"] = CompiledExpression(sql: "__acc", type: initial.type)
            step.scope.lambdaVariables["item"] = CompiledExpression(sql: "__item", type: elementType)
            let merge = try step.compile(values[2])
            var finish = compiler
            finish.scope.lambdaVariables["result"] = CompiledExpression(sql: "__result", type: initial.type)
            let result = try finish.compile(values[3])
            return make(
                "aggregate(\(array.sql), \(initial.sql), (__acc, __item) -> \(merge.sql), __result -> \(result.sql))",
                result.type)
        case "byname":
            let args = try compiled(1...2)
            let column = try constantString(args[0], "column name")
            if args.count == 2 {
                let stream = try constantString(args[1], "stream name")
                if compiler.scope.unqualified.contains(stream) { return compiler.column(column) }
                return make(
                    "\(SparkSQL.identifier(stream)).\(SparkSQL.identifier(column))",
                    compiler.scope.streams[stream]?.column(named: column)?.type)
            }
            return compiler.column(column)
        case "byposition":
            let args = try compiled(1...1)
            let position = try constantInteger(args[0], "position")
            let input = compiler.scope.input
            guard input.isComplete else { throw .schemaRequired("byPosition(\(position))", at: site) }
            guard position >= 1, position <= input.columns.count else {
                // ADF: a position out of range gives null.
                return make("NULL", nil, constant: .null)
            }
            let column = input.columns[Int(position) - 1]
            return make(SparkSQL.identifier(column.name), column.type)
        case "hascolumn":
            let args = try compiled(1...1)
            let column = try constantString(args[0], "column name")
            let input = compiler.scope.input
            let found = input.column(named: column) != nil
            guard found || input.isComplete else { throw .schemaRequired("hasColumn('\(column)')", at: site) }
            return make(found ? "true" : "false", .boolean, constant: .boolean(found))
        default: return nil
        }
    }
}
