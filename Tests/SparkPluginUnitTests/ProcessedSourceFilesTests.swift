import TestSizeTags
import Testing

@testable import SparkPluginCore

/// A source's after-completion setting: which store path each file read stands for, and where a
/// moved file goes.
@Suite(.tags(.small))
struct ProcessedSourceFilesTests {
    static func blob(_ move: ProcessedSourceFiles.Move?) -> ProcessedSourceFiles {
        ProcessedSourceFiles(
            stream: "Sales", linkedService: "Blobs", localRoot: "/job/sources/Sales", storeRoot: "data/sales",
            container: "data", move: move)
    }

    @Test("local files of a fetched folder map to their store paths; files outside the folder are left out")
    func storePaths() {
        let files = ["/job/sources/Sales/2026/jan.csv", "/job/sources/Sales/feb.csv", "/elsewhere/x.csv"]
        #expect(Self.blob(nil).storePaths(files) == ["data/sales/2026/jan.csv", "data/sales/feb.csv"])
        let server = ProcessedSourceFiles(
            stream: "Orders", linkedService: "Files", localRoot: "/srv/files", storeRoot: "", container: "", move: nil)
        #expect(server.storePaths(["/srv/files/incoming/orders.csv"]) == ["incoming/orders.csv"])
    }

    @Test("a moved file keeps its path below 'from' under 'to', relative to the container; one outside 'from' goes by its name")
    func destinations() {
        let move = ProcessedSourceFiles.Move(from: "sales", to: "archive/sales")
        let source = Self.blob(move)
        #expect(source.destination(of: "data/sales/2026/jan.csv", move: move) == "data/archive/sales/2026/jan.csv")
        #expect(source.destination(of: "data/other/feb.csv", move: move) == "data/archive/sales/feb.csv")
        let root = ProcessedSourceFiles.Move(from: "/", to: "done")
        #expect(source.destination(of: "data/sales/jan.csv", move: root) == "data/done/sales/jan.csv")
    }
}
