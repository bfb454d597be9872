import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// Through the built `pipehost` binary, as a user runs it.
@Suite("pipehost run with a crashing plugin in process isolation", .tags(.large))
struct IsolatedRunTests {
    static func run(_ arguments: [String], in folder: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.pipehost)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    static func workspace(isolation: String?) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-isolated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pipeline: JSONValue = [
            "name": "crashing",
            "properties": [
                "activities": [
                    ["name": "Crash", "type": "Crash.Segfault", "typeProperties": [:]],
                    ["name": "Fine", "type": "Crash.Fine", "typeProperties": [:]],
                    [
                        "name": "After fine", "type": "Crash.Fine", "typeProperties": [:],
                        "dependsOn": [["activity": "Fine", "dependencyConditions": ["Succeeded"]]],
                    ],
                    [
                        "name": "On failure", "type": "Crash.Fine", "typeProperties": [:],
                        "dependsOn": [["activity": "Crash", "dependencyConditions": ["Failed"]]],
                    ],
                ]
            ],
        ]
        var entry: JSONObject = ["path": .string(try CFixtureCompiler.crashingPlugin())]
        if let isolation { entry["isolation"] = .string(isolation) }
        let manifest: JSONValue = ["version": 1, "plugins": [.object(entry)]]
        try JSONSerializer.serialize(pipeline, options: .pretty).write(
            to: folder.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        try JSONSerializer.serialize(manifest, options: .pretty).write(
            to: folder.appendingPathComponent("plugins.json"), atomically: true, encoding: .utf8)
        return folder.path
    }

    @Test("\"isolation\": \"process\" — the crashing activity fails, the others succeed, the run finishes")
    func isolatedInManifest() throws {
        let folder = try Self.workspace(isolation: "process")
        let result = try Self.run(["run", "pipeline.json", "--plugins", "plugins.json", "--output", "json"], in: folder)
        // "On failure" handles the crash (ADF's try-catch shape), so the run itself succeeds.
        #expect(result.status == 0, "\(result.error)")
        let document = try JSONParser.parse(result.output)
        #expect(document["pipelineRun"]?["status"] == "Succeeded")
        let runs = document["activityRuns"]?.arrayValue ?? []
        let crash = try #require(runs.first { $0["activityName"] == "Crash" })
        #expect(crash["status"] == "Failed")
        let message = crash["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("SIGSEGV"), "\(crash)")
        #expect(message.contains("about to dereference NULL"), "\(crash)")
        for name in ["Fine", "After fine", "On failure"] {
            #expect(runs.first { $0["activityName"]?.stringValue == name }?["status"] == "Succeeded", "\(name): \(runs)")
        }
    }

    @Test("--isolate-plugins isolates a plugin the manifest does not mark")
    func isolateFlag() throws {
        let folder = try Self.workspace(isolation: nil)
        let result = try Self.run(
            ["run", "pipeline.json", "--plugins", "plugins.json", "--isolate-plugins", "--output", "json"], in: folder)
        #expect(result.status == 0, "\(result.error)")
        let document = try JSONParser.parse(result.output)
        let runs = document["activityRuns"]?.arrayValue ?? []
        #expect(runs.first { $0["activityName"] == "Crash" }?["status"] == "Failed")
        #expect(runs.first { $0["activityName"] == "Fine" }?["status"] == "Succeeded")
    }

    @Test("plugins check exits 1 on the crashing fixture, with one line per check, and prints JSON on request")
    func checkCommand() throws {
        let library = try CFixtureCompiler.crashingPlugin()
        let folder = FileManager.default.temporaryDirectory.path
        let text = try Self.run(["plugins", "check", library, "--call-timeout", "2", "--cancel-bound", "0.5"], in: folder)
        #expect(text.status == 1, "\(text.error)")
        #expect(text.output.contains("FAIL  empty-invocation Crash.Segfault:"))
        #expect(text.output.contains("PASS  empty-invocation Crash.Fine:"))
        #expect(text.output.contains("SKIP  leaks (valgrind):"))
        let json = try Self.run(
            ["plugins", "check", library, "--output", "json", "--call-timeout", "2", "--cancel-bound", "0.5"], in: folder)
        #expect(json.status == 1)
        let document = try JSONParser.parse(json.output)
        #expect(document["passed"] == false)
        #expect((document["checks"]?.arrayValue ?? []).contains { $0["name"] == "no stdout writes" && $0["status"] == "fail" })
        let good = try Self.run(["plugins", "check", BuildProducts.library("CustomActivityPlugin")], in: folder)
        #expect(good.status == 0, "\(good.output)\(good.error)")
    }
}
