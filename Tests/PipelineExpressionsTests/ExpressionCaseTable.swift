import Foundation
import PipehostJSON
import PipelineExpressions
import Testing

/// One line of `Tests/Fixtures/Expressions/*.jsonl`: an expression, the state it is evaluated in, and
/// what ADF gives (generated from the reference evaluator by `scripts/generate-expression-cases`).
struct ExpressionCase: Sendable, CustomTestStringConvertible {
    var id: String
    var expression: String
    var state: JSONValue
    /// Nil when the expression must fail.
    var expected: JSONValue?
    var note: String?

    var testDescription: String { "\(id): \(expression)" }
}

enum ExpressionCaseTable {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Expressions")

    /// Every case of every family file.
    static let all: [ExpressionCase] = load()

    static func family(_ name: String) -> [ExpressionCase] {
        all.filter { $0.id.hasPrefix(name + "-") }
    }

    private static func load() -> [ExpressionCase] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var cases: [ExpressionCase] = []
        for file in files.sorted() where file.hasSuffix(".jsonl") {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            for line in text.split(separator: "\n") where !line.isEmpty {
                guard let value = try? JSONParser.parse(String(line)), case .object(let object) = value,
                    case .string(let id)? = object["id"], case .string(let expression)? = object["expression"],
                    case .object(let expect)? = object["expect"]
                else {
                    cases.append(
                        ExpressionCase(id: "unreadable line in \(file)", expression: String(line), state: .null))
                    continue
                }
                let ok = expect["ok"] == .bool(true)
                cases.append(
                    ExpressionCase(
                        id: id, expression: expression, state: object["state"] ?? .object([:]),
                        expected: ok ? .some(expect["result"] ?? .null) : .none, note: object["note"]?.stringValue))
            }
        }
        return cases
    }
}
