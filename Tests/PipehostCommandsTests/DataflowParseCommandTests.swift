import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `pipehost dataflow parse` on a data flow resource, on a bare script, and on broken input.
@Suite("pipehost dataflow parse", .tags(.large))
struct DataflowParseCommandTests {
    static let books = PipehostProcess.repositoryRoot
        .appendingPathComponent("Tests/DataFlowScriptTests/Fixtures/factory-shapes/dataflow/BookSalesByGenre.json").path

    private func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dataflow-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a data flow resource: streams in topological order")
    func resource() throws {
        let result = try PipehostProcess.run(["dataflow", "parse", Self.books])
        #expect(result.status == 0, "\(result.everything)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Data flow 'BookSalesByGenre' (MappingDataFlow)")
        #expect(!lines.contains { $0.hasPrefix("warning:") })
        #expect(lines.contains("  firstYear as integer (2015)"))
        let streams = lines.drop { $0 != "Streams, in the order they run:" }.dropFirst()
        #expect(streams.count == 8)
        #expect(streams.first?.hasPrefix("  BookCatalog ") == true)
        #expect(streams.first?.hasSuffix("source  (line 4)") == true)
        #expect(streams.contains { $0.contains("<- AddMainGenre") && $0.contains("window  (line 30)") })
        // Written on line 16, the alter row runs after the aggregate it reads.
        #expect(Array(streams.suffix(2).map { $0.split(separator: " ").first }) == ["MarkUpsert", "GenreSummaryTable"])
        #expect(streams.contains { $0.contains("<- GenreSummary") && $0.hasSuffix("alterRow  (line 16)") })
    }

    @Test("--output json prints the order and the tree")
    func json() throws {
        let result = try PipehostProcess.run(["dataflow", "parse", Self.books, "--output", "json"])
        #expect(result.status == 0, "\(result.everything)")
        let document = try result.json()
        #expect(document["name"] == "BookSalesByGenre")
        #expect(document["order"]?[0] == "BookCatalog")
        #expect(document["order"]?[7] == "GenreSummaryTable")
        #expect(document["script"]?["statements"]?[0]?["transformation"] == "source")
        #expect(document["script"]?["statements"]?[0]?["line"] == 4)
    }

    @Test("a bare script with parameters and a split")
    func bareScript() throws {
        let file = try temporaryFile(
            "flow.dfs",
            "parameters{\n\tlimit as integer (10)\n}\nsource(a: 1) ~> In\nIn split(n > $limit, disjoint: false) ~> S@(Big, Small)\nS@Big sink() ~> Out\n"
        )
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try PipehostProcess.run(["dataflow", "parse", file.path])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.output.contains("  limit as integer (10)\n"))
        #expect(result.output.contains("  S@(Big, Small)  <- In     split  (line 5)\n"))
        #expect(result.output.contains("  Out             <- S@Big  sink  (line 6)\n"))
    }

    @Test("invalid input exits 64 naming the file, line and column")
    func invalid() throws {
        let file = try temporaryFile("broken.dfs", "source(a: 1) ~> In\nIn derive(x = upper(name)\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try PipehostProcess.run(["dataflow", "parse", file.path])
        #expect(result.status == 64)
        #expect(
            result.error.contains(
                "error: '\(file.path)', line 3, column 1: expected ',' or ')' after an argument of 'derive(', found the end of the script"
            ))
        let missing = try PipehostProcess.run(["dataflow", "parse", file.path + ".nothing"])
        #expect(missing.status == 64)
        #expect(missing.error.contains("cannot read '\(file.path).nothing'"))
    }
}
