import PipehostJSON

extension DataFlowCompiler {
    /// The options of every source and sink whose values are known before the data flow runs
    /// (literals and parameters: `format`, `folderPath`, `wildcardPaths`, `truncate`, …), by stream
    /// name, for whoever resolves their stores (an inline dataset is described by them). Options
    /// whose value is not a constant are left out; the compiler reports them where they matter.
    public static func endpointOptions(
        _ graph: DataFlowGraph, parameters: [String: JSONValue] = [:]
    ) throws(DataFlowCompileError) -> [String: [String: Constant]] {
        let binding = try ParameterBinding(script: graph.script, given: parameters)
        var endpoints: [String: [String: Constant]] = [:]
        for statement in graph.script.statements where statement.kind == .source || statement.kind == .sink {
            let site = CompileSite(stream: statement.name, transformation: statement.transformation, at: statement.position)
            let context = StatementContext(statement: statement, site: site, parameters: binding.values)
            var options: [String: Constant] = [:]
            for argument in statement.arguments {
                guard let name = argument.optionName, let value = try? context.constantOption(name) else { continue }
                options[name] = value
            }
            endpoints[statement.name] = options
        }
        return endpoints
    }
}
