import ArgumentParser
import DataFlowScript
import PipehostJSON

/// `pipehost dataflow explain FILE [--parameter name=value …] [--output text|json]`: compiles a data
/// flow into the plan the Spark driver runs and prints it. Without a factory the sources' and sinks'
/// stores are placeholders (`unresolved`) describing what the script says about them.
struct DataflowExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Compile a data flow and print the Spark plan it would run.",
        discussion: """
            FILE is a data flow resource (dataflow/NAME.json) or a bare script (.dfs, .txt). Parameters \
            without --parameter take their declared defaults. Invalid input or a transformation or \
            function pipehost does not compile exits 64 with the file, line and column.
            """
    )

    @Argument(help: ArgumentHelp("A dataflow/*.json resource or a data flow script file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("A data flow parameter's value (repeatable).", valueName: "name=value"))
    var parameter: [String] = []

    @Option(name: .long, help: "text (one line per step) or json (the plan).")
    var output: DataflowParseCommand.OutputFormat = .text

    init() {}

    func run() throws {
        do {
            let loaded = try DataflowFile(path: file)
            var values: [String: JSONValue] = [:]
            for assignment in parameter {
                guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                    throw CommandFailure("--parameter '\(assignment)' must be written name=value")
                }
                let name = String(assignment[..<equals])
                guard loaded.graph.script.parameters.contains(where: { $0.name == name }) else {
                    let declared = loaded.graph.script.parameters.map(\.name)
                    throw CommandFailure(
                        "--parameter '\(name)': the data flow declares no such parameter"
                            + (declared.isEmpty ? "" : " (it declares: \(declared.joined(separator: ", ")))"))
                }
                values[name] = .string(String(assignment[assignment.index(after: equals)...]))
            }
            let name = loaded.definition?.name ?? ""
            let plan: DataFlowPlan
            do {
                plan = try DataFlowCompiler.compile(
                    loaded.graph, dataFlow: name, parameters: values,
                    stores: DataFlowCompiler.placeholderStores(for: loaded.graph))
            } catch {
                throw CommandFailure("'\(file)', \(error)")
            }
            switch output {
            case .text: StandardStreams.output.write(DataflowPlanText.text(plan))
            case .json: StandardStreams.output.write(JSONSerializer.serialize(plan.json, options: .pretty) + "\n")
            }
        } catch {
            throw error.exit()
        }
    }
}

/// The text `pipehost dataflow explain` prints: one line per step, with its op, inputs and Spark SQL.
enum DataflowPlanText {
    static func text(_ plan: DataFlowPlan) -> String {
        var lines = ["Plan for data flow '\(plan.dataFlow)' (plan version \(DataFlowPlan.version)):"]
        let nameWidth = plan.steps.map(\.name.count).max() ?? 0
        let opWidth = plan.steps.map(\.operation.op.count).max() ?? 0
        for step in plan.steps {
            let inputs = step.inputs.isEmpty ? "" : "<- " + step.inputs.joined(separator: ", ") + "  "
            lines.append(
                "  " + pad(step.name, nameWidth) + "  " + pad(step.operation.op, opWidth) + "  " + inputs
                    + details(step.operation))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func columns(_ list: [PlanColumn]) -> String {
        list.map { "\($0.name) = \($0.expression)" }.joined(separator: ", ")
    }

    private static func orders(_ list: [PlanOrder]) -> String {
        list.map { "\($0.expression) \($0.ascending ? "ASC" : "DESC") NULLS \($0.nullsFirst ? "FIRST" : "LAST")" }
            .joined(separator: ", ")
    }

    private static func details(_ operation: PlanOperation) -> String {
        switch operation {
        case .source(let store, let schema, let drift, let validate, _, _, _):
            let columns = schema.map { list in list.map { "\($0.name) \($0.type?.sparkDDL ?? "string")" } }
            return "\(store.summary); schema: " + (columns.map { $0.joined(separator: ", ") } ?? "none")
                + (drift ? "; schema drift allowed" : "") + (validate ? "; validated" : "")
        case .withColumns(_, let list), .project(_, let list):
            return columns(list)
        case .filter(_, let condition):
            return "WHERE \(condition)"
        case .aggregate(_, let groupBy, let aggregates):
            return (groupBy.isEmpty ? "" : "GROUP BY \(columns(groupBy)): ") + columns(aggregates)
        case .join(_, _, let joinType, let condition, let broadcast):
            return "\(joinType) ON \(condition ?? "-")"
                + (broadcast == .none ? "" : "; broadcast \(broadcast.rawValue)")
        case .exists(_, _, let negate, let condition):
            return (negate ? "NOT EXISTS " : "EXISTS ") + condition
        case .lookup(_, _, let condition, let multiple, let pickup, _):
            return "ON \(condition)" + (multiple ? "; all matches" : "; one match (\(pickup))")
        case .union(_, let byName):
            return byName ? "by name" : "by position"
        case .sort(_, let list):
            return "ORDER BY " + orders(list)
        case .alterRow(_, let actions):
            return actions.map { "\($0.action) IF \($0.condition)" }.joined(separator: ", ")
        case .keyGenerate(_, let column, let startAt):
            return "\(column) from \(startAt)"
        case .window(_, let partitionBy, let orderBy, let range, let list):
            var text = columns(list) + " OVER (PARTITION BY " + partitionBy.joined(separator: ", ")
            if !orderBy.isEmpty { text += " ORDER BY " + orders(orderBy) }
            if let range { text += " ROWS BETWEEN \(range.start) AND \(range.end)" }
            return text + ")"
        case .rank(_, let orderBy, let column, let dense):
            return "\(column) = \(dense ? "dense_rank()" : "rank()") OVER (ORDER BY \(orders(orderBy)))"
        case .flatten(_, let unroll, let keepEmpty, let list):
            return "UNROLL \(unroll.joined(separator: "."))" + (keepEmpty ? "" : " (rows without elements dropped)")
                + ": " + columns(list)
        case .pivot(_, let groupBy, let pivotKey, let values, let aggregates, let naming, let lateral):
            return (groupBy.isEmpty ? "" : "GROUP BY \(columns(groupBy)): ") + "PIVOT \(pivotKey) IN ("
                + (values.map { $0.map(\.text).joined(separator: ", ") } ?? "values found") + "): "
                + columns(aggregates) + "; named '\(naming)'" + (lateral ? ", lateral" : "")
        case .unpivot(_, let ungroupBy, let unpivoted, let keyColumn, let valueColumn, let valueType, let ignoreNulls):
            return
                "UNPIVOT \(unpivoted.joined(separator: ", ")) INTO \(keyColumn), \(valueColumn) \(valueType.sparkDDL)"
                + (ungroupBy.isEmpty ? "" : " BY " + ungroupBy.joined(separator: ", "))
                + (ignoreNulls ? "; nulls dropped" : "")
        case .sink(
            _, let store, let list, let rowActions, let keys, _, let truncate, let recreate, let partitions, let preSQL,
            let postSQL):
            var text = store.summary
            if let list { text += "; columns: " + columns(list) }
            if rowActions { text += "; row actions on keys " + keys.joined(separator: ", ") }
            if truncate { text += "; truncate" }
            if recreate { text += "; recreate" }
            if !preSQL.isEmpty { text += "; \(preSQL.count) SQL statement\(preSQL.count == 1 ? "" : "s") before" }
            if !postSQL.isEmpty { text += "; \(postSQL.count) SQL statement\(postSQL.count == 1 ? "" : "s") after" }
            if let partitions { text += "; \(partitions) partition\(partitions == 1 ? "" : "s")" }
            return text
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
