import DataFlowScript
import Foundation
import PipehostJSON

/// The data flows under Fixtures/factory-shapes/dataflow, written for these tests (see the folder's README).
enum FactoryShapeFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/factory-shapes/dataflow")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONParser.parse(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
    }

    static func definition(_ name: String) throws -> DataFlowDefinition {
        try DataFlowDefinition(json: try json(name))
    }
}

extension DataFlowScript {
    /// Parses a script known to be valid (fails the test otherwise).
    static func valid(_ text: String) throws -> DataFlowScript { try parse(text) }
}

/// The first argument's expression of a one-statement script's only statement, for expression tests.
func onlyExpression(_ text: String) throws -> DataFlowExpression {
    let script = try DataFlowScript.parse("source(\(text)) ~> s")
    guard case .value(let value)? = script.statements.first?.arguments.first?.kind else {
        throw ExpressionTestFailure(text: text)
    }
    return value
}

struct ExpressionTestFailure: Error {
    var text: String
}
