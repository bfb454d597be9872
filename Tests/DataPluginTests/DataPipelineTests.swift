import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// A git-layout factory (Tests/Fixtures/DataPlugin/copy-factory) run by the built `pipehost` binary
/// with the data plugin: GetMetadata, a Copy through parameterised datasets, and a Lookup that
/// reads the copy's output.
@Suite(.tags(.large), .timeLimit(.minutes(2)))
struct DataPipelineTests {
    @Test func aFactoryCopiesCsvToJsonAndLooksItUp() throws {
        let folder = try TemporaryFolder("pipehost-data-pipeline")
        defer { folder.remove() }
        try FileManager.default.copyItem(
            atPath: "\(RepositoryPaths.root)/Tests/Fixtures/DataPlugin/copy-factory", toPath: folder.file("factory"))
        try FileManager.default.createDirectory(atPath: folder.file("files/in"), withIntermediateDirectories: true)
        _ = try folder.write("name,age\nAnn,41\nBob,7\n", to: "files/in/people.csv")
        let manifest = try folder.write(
            "{\"plugins\": [{\"path\": \(JSONSerializer.quoted(BuildProducts.library("DataPlugin")))}]}", to: "plugins.json")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.pipehost)
        process.arguments = [
            "run", folder.file("factory"), "--pipeline", "CopyPeople", "--plugins", manifest, "--no-store", "--output", "json",
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        environment["PIPEHOST_PLUGINS"] = nil
        process.environment = environment
        _ = FileManager.default.createFile(atPath: folder.file("stdout"), contents: nil)
        _ = FileManager.default.createFile(atPath: folder.file("stderr"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("stdout")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("stderr")))
        try process.run()
        process.waitUntilExit()
        let output = try String(contentsOfFile: folder.file("stdout"), encoding: .utf8)
        let errors = try String(contentsOfFile: folder.file("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(errors)\n\(output)")

        #expect(
            try String(contentsOfFile: folder.file("files/out/people.json"), encoding: .utf8)
                == "{\"name\":\"Ann\",\"age\":41}\r\n{\"name\":\"Bob\",\"age\":7}\r\n")
        #expect(output.contains("\"rowsCopied\":2") || output.contains("\"rowsCopied\": 2"), "\(output)")
        #expect(output.contains("\"columnCount\":2") || output.contains("\"columnCount\": 2"), "\(output)")
        #expect(output.contains("\"count\":2") || output.contains("\"count\": 2"), "\(output)")
    }
}
