import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `pipehost dataflow explain` on a data flow resource, with parameters, as JSON, and on input it cannot compile.
@Suite("pipehost dataflow explain", .tags(.large))
struct DataflowExplainCommandTests {
    private func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dataflow-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a data flow resource: one line per step with its Spark SQL")
    func resource() throws {
        let result = try PipehostProcess.run(["dataflow", "explain", DataflowParseCommandTests.books])
        #expect(result.status == 0, "\(result.everything)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Plan for data flow 'BookSalesByGenre' (plan version 1):")
        #expect(lines.count == 9)
        #expect(
            lines.contains {
                $0.hasPrefix("  RecentBooks ")
                    && $0.hasSuffix("filter       <- KeepCatalogColumns  WHERE (CAST(`published` AS INT) >= 2015)")
            })
        #expect(lines.last?.hasPrefix("  GenreSummaryTable ") == true)
    }

    @Test("--parameter and --output json print the plan with the value inlined")
    func json() throws {
        let result = try PipehostProcess.run([
            "dataflow", "explain", DataflowParseCommandTests.books, "--parameter", "firstYear=2020", "--output", "json",
        ])
        #expect(result.status == 0, "\(result.everything)")
        let document = try result.json()
        #expect(document["version"] == 1)
        #expect(document["dataFlow"] == "BookSalesByGenre")
        #expect(document["steps"]?[2]?["op"] == "filter")
        #expect(document["steps"]?[2]?["condition"] == "(CAST(`published` AS INT) >= 2020)")
        #expect(document["steps"]?[0]?["store"]?["kind"] == "unresolved")
    }

    @Test("what cannot be compiled exits 64 with the file, line, column and transformation")
    func unsupported() throws {
        let file = try temporaryFile(
            "flow.dfs", "source(output(a as string)) ~> In\nIn derive(x = frobnicate(a)) ~> D\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try PipehostProcess.run(["dataflow", "explain", file.path])
        #expect(result.status == 64)
        #expect(
            result.error.contains(
                "error: '\(file.path)', line 2, column 15 (derive 'D'): the function 'frobnicate' is not supported"))
        let badParameter = try PipehostProcess.run(["dataflow", "explain", file.path, "--parameter", "nope=1"])
        #expect(badParameter.status == 64)
        #expect(badParameter.error.contains("--parameter 'nope': the data flow declares no such parameter"))
    }
}
