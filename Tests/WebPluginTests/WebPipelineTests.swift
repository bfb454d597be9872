import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// A pipeline through the `pipehost` binary: a Web activity's output feeds the next activity's
/// body through an expression, and a SecureString header never reaches the records.
@Suite("Web activities in a pipeline", .tags(.large), .timeLimit(.minutes(2)))
struct WebPipelineTests {
    @Test("pipehost run: Web output flows into the next Web activity; the secret header stays hidden")
    func pipeline() async throws {
        try await TestEndpoint.with { server in
            let folder = try TemporaryFolder("pipehost-web-pipeline")
            defer { folder.remove() }
            let secret = "hdr-\(UInt64.random(in: 1_000_000...9_999_999))-secret"
            let plugin = JSONSerializer.quoted(BuildProducts.library("WebPlugin"))
            let manifest = try folder.write(
                #"{"plugins": [{"path": \#(plugin), "settings": {"asyncPollIntervalMilliseconds": 20}}]}"#,
                to: "plugins.json")
            let pipeline = try folder.write(
                """
                {"name": "CallAndEcho", "properties": {"activities": [
                  {"name": "Call", "type": "WebActivity",
                   "typeProperties": {"method": "GET", "url": "\(server.base)/json",
                     "headers": {"X-Api-Key": {"type": "SecureString", "value": "\(secret)"}}}},
                  {"name": "Echo", "type": "WebActivity", "dependsOn": [{"activity": "Call", "dependencyConditions": ["Succeeded"]}],
                   "typeProperties": {"method": "POST", "url": "\(server.base)/echo",
                     "body": "@{activity('Call').output.name}-@{activity('Call').output.ADFWebActivityResponseHeaders['X-Test']}"}}]}}
                """, to: "pipeline.json")
            let result = try await Self.pipehost(
                ["run", pipeline, "--plugins", manifest, "--store", folder.file("runs.sqlite"), "--output", "json"],
                directory: folder.path)
            #expect(result.status == 0, "\(result.output)\n\(result.error)")
            let records = try JSONParser.parse(result.output)
            let runs = try #require(records["activityRuns"]?.arrayValue)
            let echo = try #require(runs.first { $0["activityName"] == "Echo" })
            #expect(echo["output"]?["received"] == "pipehost-yes", "\(echo)")
            #expect(await server.recorder.last(path: "/json")?.headers["x-api-key"] == secret)
            #expect(!result.output.contains(secret) && !result.error.contains(secret))
        }
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the built `pipehost` without blocking a thread of the cooperative pool.
    static func pipehost(_ arguments: [String], directory: String) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.pipehost)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["PIPEHOST_PLUGINS"] = nil
        process.environment = variables
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = "\(directory)/stdout", err = "\(directory)/stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        return Result(
            status: process.isRunning ? -1 : process.terminationStatus,
            output: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            error: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}
