import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// What the built binary leaves on disk and who may run a recorded run: read-only and refused
/// commands create nothing; a run being run by a live process cannot be resumed or rerun beside it.
@Suite("run store ownership, through the binary", .tags(.large), .timeLimit(.minutes(3)))
struct StoreOwnershipTests {
    typealias P = PipehostProcess

    static func contents(of folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test("validate, a refused run and the runs commands create no store and no .pipehost folder")
    func nothingCreated() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"name": "ok", "properties": {"activities": [{"name": "W", "type": "Wait", "typeProperties": {"waitTimeInSeconds": 0}}]}}"#.utf8)
            .write(to: folder.appendingPathComponent("ok.json"))
        try Data(#"{"name": "bad", "properties": {"activities": [{"name": "T", "type": "Teleport", "typeProperties": {}}]}}"#.utf8)
            .write(to: folder.appendingPathComponent("bad.json"))
        let files = ["bad.json", "ok.json"]

        let commands: [([String], Int32, String)] = [
            (["validate", "ok.json"], 0, "OK:"),
            (["validate", "bad.json"], 64, "Teleport"),
            (["run", "bad.json"], 64, "Teleport"),
            (["runs", "list"], 0, "(no runs: nothing has been recorded in .pipehost/runs.sqlite yet)"),
            (["runs", "list", "--output", "json"], 0, "[]"),
            (["runs", "show", "abc"], 64, "there is no run store at '.pipehost/runs.sqlite'"),
            (["runs", "output", "abc", "W"], 64, "there is no run store"),
            (["runs", "gantt", "abc", "-o", "g.html"], 64, "there is no run store"),
            (["runs", "resume", "abc"], 64, "there is no run store"),
            (["runs", "rerun", "abc"], 64, "there is no run store"),
            (["runs", "prune", "--older-than", "30d"], 64, "there is no run store"),
        ]
        for (arguments, status, text) in commands {
            let result = try P.run(arguments, directory: folder)
            #expect(result.status == status, "\(arguments): \(result.everything)")
            #expect(result.everything.contains(text), "\(arguments): \(result.everything)")
            #expect(Self.contents(of: folder) == files, "\(arguments) left \(Self.contents(of: folder))")
        }

        // A valid run records, and only then the store appears.
        let run = try P.run(["run", "ok.json"], directory: folder)
        #expect(run.status == 0, "\(run.everything)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".pipehost/runs.sqlite").path))
    }

    @Test("a run in progress cannot be resumed or rerun beside it; once its process is killed it resumes at once")
    func liveRunIsOwned() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            #"""
            {"name": "slow", "properties": {
              "parameters": {"seconds": {"type": "Int", "defaultValue": 600}},
              "activities": [{"name": "W", "type": "Wait", "typeProperties": {"waitTimeInSeconds": "@pipeline().parameters.seconds"}}]}}
            """#.utf8
        ).write(to: folder.appendingPathComponent("slow.json"))
        let running = try P.start(["run", "slow.json"], directory: folder)
        var runId: String?
        for _ in 0..<1500 where runId == nil || !running.outputSoFar.contains("W (Wait) InProgress") {
            Thread.sleep(forTimeInterval: 0.02)
            runId = running.errorSoFar.split(separator: " ").dropFirst().first.map(String.init)
        }
        let id = try #require(runId, "no run id in: \(running.errorSoFar)")
        let pid = running.process.processIdentifier

        for command in [["runs", "resume", id], ["runs", "rerun", id]] {
            let refused = try P.run(command, directory: folder)
            #expect(refused.status == 64, "\(command): \(refused.everything)")
            #expect(refused.error.contains("the run \(id) is being run by pipehost pid \(pid) on host"), "\(refused.error)")
            #expect(refused.error.contains("would run its activities twice"), "\(refused.error)")
        }
        #expect(running.process.isRunning)

        kill(pid, SIGKILL)
        _ = running.finish()
        let resumed = try P.run(["runs", "resume", id, "--param", "seconds=0"], directory: folder)
        #expect(resumed.status == 0, "\(resumed.everything)")
        let shown = try P.run(["runs", "show", id, "--output", "json"], directory: folder)
        #expect(try shown.json()["pipelineRun"]?["status"] == "Succeeded", "\(shown.everything)")
    }
}
