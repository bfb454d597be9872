import Foundation
import PipehostJSON
import TestSizeTags
import Testing

@Suite("Run history: resume after kill -9, rerun, queries, pictures", .tags(.large), .serialized)
struct RunHistoryCommandTests {
    typealias P = PipehostProcess
    typealias S = RunHistoryScenario

    @Test("a run killed with SIGKILL mid-pipeline resumes: finished work is not repeated, the interrupted activity runs again")
    func killAndResume() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let activities: [JSONValue] = [
            scenario.logging("First"),
            S.activity("Loop", type: "ForEach", dependsOn: ["First"], typeProperties: [
                "items": "@createArray(1, 2, 3)", "isSequential": true,
                "activities": [scenario.logging("Item", label: "Item@{item()}")],
            ]),
            scenario.logging("Slow", dependsOn: ["Loop"], then: scenario.waitForRelease, policy: ["retry": 1, "retryIntervalInSeconds": 30]),
            scenario.logging("Last", dependsOn: ["Slow"]),
        ]
        let pipeline: JSONValue = ["name": "history", "properties": ["activities": .array(activities)]]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))

        let host = try P.start(["run", scenario.pipelineFile, "--store", scenario.store])
        try scenario.waitUntil { scenario.count("Slow") == 1 }
        // The host is inside Slow's synchronous call: kill it without any chance to clean up.
        kill(host.process.processIdentifier, SIGKILL)
        // The killed host's orphaned shell holds its output pipes open until it ends: release it.
        try Data().write(to: scenario.releaseFile)
        let killed = host.finish()
        #expect(killed.status == SIGKILL)
        let runId = try #require(S.runId(in: killed.error), "\(killed.error)")

        let before = try P.run(["runs", "show", runId, "--store", scenario.store, "--output", "json"])
        #expect(before.status == 0, "\(before.error)")
        #expect(try before.json()["pipelineRun"]?["status"] == "InProgress")

        let resumed = try P.run(["runs", "resume", String(runId.prefix(8)), "--store", scenario.store, "--output", "json"])
        #expect(resumed.status == 0, "\(resumed.everything)")
        let document = try resumed.json()
        #expect(document["pipelineRun"]?["runId"] == .string(runId))
        #expect(document["pipelineRun"]?["status"] == "Succeeded")
        #expect(scenario.count("First") == 1)
        #expect(scenario.count("Item1") == 1 && scenario.count("Item2") == 1 && scenario.count("Item3") == 1)
        #expect(scenario.count("Slow") == 2)  // the interrupted call, then its rerun (retry 1 allows it)
        #expect(scenario.count("Last") == 1)
        let slow = (document["activityRuns"]?.arrayValue ?? []).filter { $0["activityName"] == "Slow" }
        #expect(slow.map { $0["status"] } == ["Failed", "Succeeded"])
        #expect(slow.first?["error"]?["errorCode"] == "HostProcessEnded")

        let again = try P.run(["runs", "resume", runId, "--store", scenario.store])
        #expect(again.status == 64)
        #expect(again.error.contains("already ended Succeeded"))
    }

    @Test("a long-running operation resumes polling the same job from its saved state after kill -9")
    func killAndResumeLongRunning() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let manifest = scenario.folder.appendingPathComponent("plugins.json")
        let fixture = P.executable.deletingLastPathComponent().appendingPathComponent("libSwiftFixturePlugin.so").path
        try Data("{\"version\": 1, \"plugins\": [{\"path\": \"\(fixture)\"}]}".utf8).write(to: manifest)
        let pipeline: JSONValue = [
            "name": "history",
            "properties": ["activities": [
                S.activity("Score", type: "Fixture.Countdown", typeProperties: ["polls": 400, "intervalMilliseconds": 10]),
            ]],
        ]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let host = try P.start(["run", scenario.pipelineFile, "--store", scenario.store, "--plugins", manifest.path])
        // Wait until the operation state is recorded (the run shows the attempt InProgress).
        var runId: String?
        try scenario.waitUntil {
            guard let id = S.runId(in: host.errorSoFar) else { return false }
            runId = id
            let shown = try? P.run(["runs", "show", id, "--store", scenario.store, "--output", "json"]).json()
            return (shown?["activityRuns"]?.arrayValue ?? []).contains { $0["status"] == "InProgress" }
        }
        Thread.sleep(forTimeInterval: 0.3)  // let it poll a few times; the state is saved before each wait
        kill(host.process.processIdentifier, SIGKILL)
        _ = host.finish()
        let id = try #require(runId)
        let firstAttempt = try P.run(["runs", "show", id, "--store", scenario.store, "--output", "json"]).json()
        let firstRunId = try #require(firstAttempt["activityRuns"]?[0]?["activityRunId"]?.stringValue)

        let resumed = try P.run(["runs", "resume", id, "--store", scenario.store, "--output", "json"])
        #expect(resumed.status == 0, "\(resumed.everything)")
        let runs = try resumed.json()["activityRuns"]?.arrayValue ?? []
        let last = try #require(runs.last)
        #expect(last["status"] == "Succeeded")
        // The job is named after the attempt that submitted it: the same job, not a second one.
        #expect(last["output"]?["job"] == .string("job-\(firstRunId)"))
        #expect(last["activityRunId"] != .string(firstRunId))
    }

    @Test("rerun --from-failed reuses succeeded activities and joins the original's run group")
    func rerunFromFailed() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let pipeline: JSONValue = [
            "name": "history",
            "properties": [
                "parameters": ["failIt": ["type": "String", "defaultValue": "yes"]],
                "activities": [
                    scenario.logging("A"),
                    scenario.logging("B", dependsOn: ["A"], then: "[ \"@{pipeline().parameters.failIt}\" = no ]"),
                    scenario.logging("C", dependsOn: ["B"]),
                ],
            ],
        ]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let first = try P.run(["run", scenario.pipelineFile, "--store", scenario.store])
        #expect(first.status == 1)
        let original = try #require(S.runId(in: first.error))

        let rerun = try P.run([
            "runs", "rerun", original, "--from-failed", "--param", "failIt=no", "--store", scenario.store, "--output", "json",
        ])
        #expect(rerun.status == 0, "\(rerun.everything)")
        let document = try rerun.json()
        #expect(document["pipelineRun"]?["runGroupId"] == .string(original))
        #expect(document["pipelineRun"]?["runId"] != .string(original))
        #expect(scenario.executions == ["A", "B", "B", "C"])

        let whole = try P.run(["runs", "rerun", original, "--param", "failIt=no", "--store", scenario.store])
        #expect(whole.status == 0, "\(whole.everything)")
        #expect(scenario.executions == ["A", "B", "B", "C", "A", "B", "C"])

        let fromC = try P.run(["runs", "rerun", original, "--from-activity", "C", "--param", "failIt=no", "--store", scenario.store])
        #expect(fromC.status == 0, "\(fromC.everything)")
        // B failed in the original run, so it is not reused: B and C run again, A does not.
        #expect(scenario.executions.suffix(2) == ["B", "C"])

        let unknown = try P.run(["runs", "rerun", original, "--from-activity", "Nope", "--store", scenario.store])
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("has no top-level activity of that name"))

        let list = try P.run(["runs", "list", "--store", scenario.store])
        #expect(list.status == 0)
        #expect(list.output.split(separator: "\n").count == 5)  // header + four runs
        #expect(list.output.split(separator: "\n").last?.contains(original) == true)  // newest first
        let failed = try P.run(["runs", "list", "--status", "failed", "--store", scenario.store, "--output", "json"])
        #expect(try failed.json().arrayValue?.count == 1)
        let output = try P.run(["runs", "output", original, "A", "--store", scenario.store])
        #expect(output.status == 0)
        #expect(try output.json()["outputs"]?[0]?.stringValue?.hasSuffix("stdout.txt") == true, "\(output.output)")
    }

    @Test("rerun --failed-items repeats only the failed iterations of a ForEach")
    func rerunFailedItems() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let pipeline: JSONValue = [
            "name": "history",
            "properties": [
                "parameters": ["bad": ["type": "String", "defaultValue": "3"]],
                "activities": [
                    S.activity("Loop", type: "ForEach", typeProperties: [
                        "items": "@createArray(1, 2, 3, 4)",
                        "activities": [
                            scenario.logging("Item", label: "Item@{item()}", then: "[ \"@{item()}\" != \"@{pipeline().parameters.bad}\" ]")
                        ],
                    ]),
                ],
            ],
        ]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let first = try P.run(["run", scenario.pipelineFile, "--store", scenario.store])
        #expect(first.status == 1)
        let original = try #require(S.runId(in: first.error))
        #expect(scenario.executions.sorted() == ["Item1", "Item2", "Item3", "Item4"])

        let rerun = try P.run(["runs", "rerun", original, "--failed-items", "--param", "bad=0", "--store", scenario.store])
        #expect(rerun.status == 0, "\(rerun.everything)")
        #expect(scenario.executions.sorted() == ["Item1", "Item2", "Item3", "Item3", "Item4"])
    }

    @Test("two processes record concurrent runs into the same store")
    func concurrentWriters() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let activities = (0..<20).map { scenario.logging("A\($0)", dependsOn: $0 == 0 ? [] : ["A\($0 - 1)"]) }
        let pipeline: JSONValue = ["name": "history", "properties": ["activities": .array(activities)]]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let one = try P.start(["run", scenario.pipelineFile, "--store", scenario.store, "--output", "json"])
        let two = try P.start(["run", scenario.pipelineFile, "--store", scenario.store, "--output", "json"])
        let first = one.finish(), second = two.finish()
        #expect(first.status == 0 && second.status == 0, "\(first.error)\(second.error)")
        for result in [first, second] {
            let id = try #require(S.runId(in: result.error))
            let shown = try P.run(["runs", "show", id, "--store", scenario.store, "--output", "json"]).json()
            #expect(shown["pipelineRun"]?["status"] == "Succeeded")
            #expect(shown["activityRuns"]?.arrayValue?.count == 20)
        }
    }

    @Test("runs gantt and graph write self-contained SVG and HTML; bad input exits 64")
    func pictures() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let activities: [JSONValue] = [
            scenario.logging("A"),
            S.activity("Loop", type: "ForEach", dependsOn: ["A"], typeProperties: [
                "items": "@createArray(1, 2)", "activities": [scenario.logging("Item", label: "Item@{item()}")],
            ]),
        ]
        let pipeline: JSONValue = ["name": "history", "properties": ["activities": .array(activities)]]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: URL(fileURLWithPath: scenario.pipelineFile))
        let run = try P.run(["run", scenario.pipelineFile, "--store", scenario.store])
        let id = try #require(S.runId(in: run.error))
        let svg = scenario.folder.appendingPathComponent("run.svg").path
        let html = scenario.folder.appendingPathComponent("run.html").path
        #expect(try P.run(["runs", "gantt", id, "-o", svg, "--store", scenario.store]).status == 0)
        #expect(try P.run(["runs", "gantt", id, "-o", html, "--store", scenario.store]).status == 0)
        let svgText = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(svgText.components(separatedBy: "class=\"bar\"").count - 1 == 4)
        #expect(svgText.contains("Loop[1]"))
        let htmlText = try String(contentsOfFile: html, encoding: .utf8)
        // Self-contained: the only URL is the SVG namespace, and there is nothing to fetch.
        #expect(htmlText.components(separatedBy: "http").count - 1 == 1)
        #expect(!htmlText.contains("<script"))

        let dag = scenario.folder.appendingPathComponent("dag.svg").path
        #expect(try P.run(["graph", scenario.pipelineFile, "-o", dag]).status == 0)
        let dagText = try String(contentsOfFile: dag, encoding: .utf8)
        #expect(dagText.contains("data-from=\"A\" data-to=\"Loop\""))
        #expect(dagText.contains(">Succeeded</text>"))

        #expect(try P.run(["runs", "gantt", id, "-o", "run.png", "--store", scenario.store]).status == 64)
        #expect(try P.run(["runs", "show", "no-such-run", "--store", scenario.store]).status == 64)
        #expect(try P.run(["runs", "prune", "--older-than", "soon", "--store", scenario.store]).status == 64)
        let pruned = try P.run(["runs", "prune", "--older-than", "0s", "--store", scenario.store])
        #expect(pruned.output.contains("Deleted 1 pipeline run"))
    }
}
