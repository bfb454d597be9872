import DataFlowScript
import PipehostJSON

/// Compiling small scripts in tests: every source and sink gets a placeholder store.
enum CompilerTestSupport {
    /// The columns of the stream `S` the expression tests read.
    static let columns = """
        a as string, b as string, n as integer, m as integer, l as long, x as double, dec as decimal(10,2),
        d as date, t as timestamp, flag as boolean, arr as string[]
        """

    /// The plan of `script`, with placeholder stores.
    static func plan(_ script: String, parameters: [String: JSONValue] = [:]) throws -> DataFlowPlan {
        let graph = try DataFlowGraph(try DataFlowScript.parse(script))
        return try DataFlowCompiler.compile(
            graph, dataFlow: "Test", parameters: parameters, stores: DataFlowCompiler.placeholderStores(for: graph))
    }

    /// The compile error of `script`, or nil when it compiles.
    static func error(_ script: String, parameters: [String: JSONValue] = [:]) throws -> DataFlowCompileError? {
        let graph = try DataFlowGraph(try DataFlowScript.parse(script))
        do {
            _ = try DataFlowCompiler.compile(
                graph, dataFlow: "Test", parameters: parameters, stores: DataFlowCompiler.placeholderStores(for: graph))
            return nil
        } catch {
            return error
        }
    }

    /// The Spark SQL of one expression, derived from the typed source `S` (`columns`).
    static func sql(_ expression: String, parameters: String = "", values: [String: JSONValue] = [:]) throws -> String {
        let block = parameters.isEmpty ? "" : "parameters{\n\(parameters)\n}\n"
        let plan = try plan(
            block + "source(output(\(columns)), allowSchemaDrift: false) ~> S\nS derive(out = \(expression)) ~> D",
            parameters: values)
        guard case .withColumns(_, let columns)? = plan.steps.last?.operation, let first = columns.first else {
            throw CompilerTestFailure(what: "no derive step")
        }
        return first.expression
    }

    /// The compact JSON of the step named `name`.
    static func stepJSON(_ plan: DataFlowPlan, _ name: String) throws -> String {
        guard let step = plan.steps.first(where: { $0.name == name }) else {
            throw CompilerTestFailure(what: "no step \(name)")
        }
        return JSONSerializer.serialize(step.json)
    }
}

struct CompilerTestFailure: Error {
    var what: String
}
