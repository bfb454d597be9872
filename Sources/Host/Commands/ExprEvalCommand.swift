import ArgumentParser
import Foundation
import PipehostJSON
import PipelineExpressions

/// `pipehost expr eval 'EXPRESSION' [--state state.json]` prints the JSON result;
/// `pipehost expr eval --batch` reads JSON lines on stdin and writes one result line per input.
struct ExprEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate an ADF expression and print its JSON result.",
        discussion: """
            EXPRESSION is a JSON string value as it appears in a pipeline: '@add(1, 2)' is evaluated and keeps \
            its type, 'Run @{pipeline().RunId}' interpolates, text without '@' stays as it is.

            With --batch, each line of standard input is one request:
              {"id": any, "expression": "...", "state": {...}}
            and each answer is one line, in order, flushed as it is written:
              {"id": <same>, "ok": true, "result": <JSON>}   or   {"id": <same>, "ok": false, "error": "..."}

            A state holds any of: parameters, globalParameters, system (RunId, Pipeline, TriggerTime, ...), \
            variables, activities ({"Name": {"output": ..., "status": ..., "error": ...}}), item, linkedService, \
            dataset, trigger, and environment ({"now": "2024-01-01T00:00:00Z", "guid": "...", "randomSeed": 1}) \
            to pin utcNow(), guid() and rand(). See docs/expressions.md.
            """
    )

    @Argument(help: "The expression (a JSON string value such as '@concat('a', 'b')').")
    var expression: String?

    @Option(name: .long, help: ArgumentHelp("A JSON file with the evaluation state.", valueName: "state.json"))
    var state: String?

    @Flag(name: .long, help: "Read JSON-lines requests on stdin and write one JSON result line per request.")
    var batch = false

    @Flag(name: .long, help: "Print the result indented (single mode only).")
    var pretty = false

    init() {}

    func validate() throws {
        if batch {
            guard expression == nil else {
                throw ValidationError("--batch reads expressions from stdin; do not also pass EXPRESSION")
            }
            guard state == nil else {
                throw ValidationError("--batch takes each request's state from its line; do not pass --state")
            }
        } else if expression == nil {
            throw ValidationError("pass an EXPRESSION to evaluate (for example '@add(1, 2)'), or --batch")
        }
    }

    func run() async throws {
        if batch {
            runBatch()
            return
        }
        let scope = try loadScope()
        do {
            let compiled = try CompiledExpression.compile(expression ?? "")
            let result = try compiled.evaluate(in: scope)
            let options = JSONSerializer.Options(pretty: pretty)
            print(JSONSerializer.serialize(ExpressionOutput.portable(result), options: options))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func loadScope() throws -> EvaluationScope {
        guard let state else { return EvaluationScope() }
        let text: String
        do {
            text = try String(contentsOfFile: state, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the state file '\(state)': \(error.localizedDescription)")
        }
        do {
            return try EvaluationScope(state: try JSONParser.parse(text))
        } catch let error as JSONParseError {
            throw ValidationError("the state file '\(state)' is not valid JSON: \(error)")
        } catch {
            throw ValidationError("the state file '\(state)' is not a valid state: \(error)")
        }
    }

    private func runBatch() {
        let cache = ExpressionCache()
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let response = ExpressionBatch.respond(to: line, lineNumber: lineNumber, cache: cache)
            var output = JSONSerializer.bytes(response)
            output.append(0x0A)
            // An unbuffered write per line: a CI harness reading the pipe sees each answer at once.
            FileHandle.standardOutput.write(Data(output))
        }
    }
}

/// Answers one batch request line.
enum ExpressionBatch {
    static func respond(to line: String, lineNumber: Int, cache: ExpressionCache) -> JSONValue {
        let request: JSONValue
        do {
            request = try JSONParser.parse(line)
        } catch {
            return failure(id: .null, "line \(lineNumber): the request is not valid JSON: \(error)")
        }
        guard case .object(let object) = request else {
            return failure(id: .null, "line \(lineNumber): the request must be a JSON object")
        }
        let id = object["id"] ?? .null
        guard case .string(let text)? = object["expression"] else {
            return failure(id: id, "line \(lineNumber): the request needs \"expression\": a JSON string")
        }
        do {
            let scope = try EvaluationScope(state: object["state"] ?? .object([:]))
            let result = try cache.compile(text).evaluate(in: scope)
            return .object(
                JSONObject(uniqueMembers: [("id", id), ("ok", true), ("result", ExpressionOutput.portable(result))]))
        } catch {
            return failure(id: id, "\(error)")
        }
    }

    private static func failure(id: JSONValue, _ message: String) -> JSONValue {
        .object(JSONObject(uniqueMembers: [("id", id), ("ok", false), ("error", .string(message))]))
    }
}

/// Results as JSON text can hold them: NaN and infinities (from `float('NaN')`, `xpath(…, '1 div 0')`)
/// are written as the strings Json.NET writes for them.
enum ExpressionOutput {
    static func portable(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let double) where !double.isFinite:
            return .string(double.isNaN ? "NaN" : (double < 0 ? "-Infinity" : "Infinity"))
        case .array(let elements): return .array(elements.map(portable))
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.members.map { ($0.key, portable($0.value)) }))
        default: return value
        }
    }
}
