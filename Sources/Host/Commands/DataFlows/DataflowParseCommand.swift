import ArgumentParser
import DataFlowScript
import Foundation
import PipehostJSON
import PipelineModel

/// `pipehost dataflow parse FILE [--output text|json]`: reads a `dataflow/*.json` resource or a bare
/// script (`.dfs`, `.txt`), connects its streams and prints them in the order they run.
struct DataflowParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a data flow and print its parameters and streams in topological order.",
        discussion: """
            FILE is a data flow resource (dataflow/NAME.json, with scriptLines or script) or a data flow \
            script on its own (.dfs, .txt). Invalid input exits 64 with the file, line and column.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("A dataflow/*.json resource or a data flow script file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "text (a summary) or json (the syntax tree).")
    var output: OutputFormat = .text

    init() {}

    func run() throws {
        do {
            let loaded = try DataflowFile(path: file)
            switch output {
            case .text: StandardStreams.output.write(DataflowSummary.text(loaded))
            case .json:
                var document: [(key: String, value: JSONValue)] = []
                if let definition = loaded.definition {
                    document += [("name", .string(definition.name)), ("type", .string(definition.type.rawValue))]
                    document.append(("warnings", .array(definition.warnings.map(JSONValue.string))))
                }
                document.append(("order", .array(loaded.graph.orderedStatements.map { .string($0.name) })))
                document.append(("script", loaded.graph.script.json))
                let text = JSONSerializer.serialize(.object(JSONObject(uniqueMembers: document)), options: .pretty)
                StandardStreams.output.write(text + "\n")
            }
        } catch {
            throw error.exit()
        }
    }
}

/// A data flow read from a file: the resource when it is JSON, and the connected script.
struct DataflowFile {
    var definition: DataFlowDefinition?
    var graph: DataFlowGraph

    init(path: String) throws {
        if path.lowercased().hasSuffix(".json") {
            // The factory loader's reader: UTF-8 or UTF-16, as ADF's git integration saves resources.
            let json: JSONValue
            switch FactoryLoader.readJSON(path) {
            case .success(let value): json = value
            case .failure(let problem): throw CommandFailure(problem.description)
            }
            let baseName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            do {
                let definition = try DataFlowDefinition(json: json, fallbackName: baseName)
                self.definition = definition
                graph = definition.graph
            } catch {
                throw CommandFailure("'\(path)': \(error)")
            }
        } else {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot read '\(path)': \(error.localizedDescription)")
            }
            do {
                graph = try DataFlowGraph(try DataFlowScript.parse(text))
            } catch {
                throw CommandFailure("'\(path)', \(error)")
            }
        }
    }
}

/// The text `pipehost dataflow parse` prints.
enum DataflowSummary {
    static func text(_ loaded: DataflowFile) -> String {
        var lines: [String] = []
        let script = loaded.graph.script
        if let definition = loaded.definition {
            lines.append("Data flow '\(definition.name)' (\(definition.type.rawValue))")
            for warning in definition.warnings { lines.append("warning: \(warning)") }
        }
        lines.append("Parameters:" + (script.parameters.isEmpty ? " none" : ""))
        for parameter in script.parameters { lines.append("  " + parameter.printed()) }
        lines.append("Streams, in the order they run:")
        let ordered = loaded.graph.orderedStatements
        let nameWidth =
            ordered.map { $0.name.count + ($0.branches.isEmpty ? 0 : $0.branches.joined(separator: ", ").count + 3) }
            .max() ?? 0
        let inputTexts = ordered.map { $0.inputs.isEmpty ? "-" : $0.inputs.map(\.description).joined(separator: ", ") }
        let inputWidth = inputTexts.map(\.count).max() ?? 0
        for (statement, inputs) in zip(ordered, inputTexts) {
            var name = statement.name
            if !statement.branches.isEmpty { name += "@(" + statement.branches.joined(separator: ", ") + ")" }
            let kind =
                statement.kind == nil ? "\(statement.transformation) (not known to pipehost)" : statement.transformation
            lines.append(
                "  " + pad(name, nameWidth) + "  <- " + pad(inputs, inputWidth) + "  " + kind
                    + "  (line \(statement.position.line))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
