import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `pipehost validate` reports the problems of data flows through the real binary: a script that
/// does not parse and a source whose dataset does not exist, each with its file and JSON path.
@Suite("validate of a factory with a data flow", .tags(.large))
struct ValidateDataFlowCommandTests {
    typealias P = PipehostProcess

    @Test("a data flow's script error and unknown dataset are errors with file, JSON path, line and column; exit 64")
    func dataFlowProblems() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = URL(fileURLWithPath: P.fixture("FactorySources/dataflow-git"))
        for sub in ["pipeline", "dataset", "linkedService", "dataflow"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(sub), to: folder.appendingPathComponent(sub))
        }
        let file = folder.appendingPathComponent("dataflow/BooksByGenre.json")
        let written = try String(contentsOf: file, encoding: .utf8)
        let broken = written
            .replacingOccurrences(of: #""referenceName": "BooksCsv""#, with: #""referenceName": "BookCsv""#)
            .replacingOccurrences(of: #""Books filter(published >= $minYear) ~> Recent""#, with: #""Books filter(published >= ) ~> Recent""#)
        try Data(broken.utf8).write(to: file)

        let result = try P.run(["validate", folder.path])
        #expect(result.status == 64, "\(result.everything)")
        let dataFlowFile = folder.path + "/dataflow/BooksByGenre.json"
        #expect(result.output.contains(
            "\(dataFlowFile): $.properties.typeProperties.sources[0].dataset.referenceName: error: there is no dataset named 'BookCsv'; the factory has 'BooksCsv'"),
            "\(result.everything)")
        #expect(result.output.contains(
            "\(dataFlowFile): $.properties.typeProperties.scriptLines[11]: error: the script of data flow 'BooksByGenre' does not parse: line 12, column "),
            "\(result.everything)")
    }
}
