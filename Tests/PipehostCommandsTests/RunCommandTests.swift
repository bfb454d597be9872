import Foundation
import PipehostJSON
import TestSizeTags
import Testing

@Suite("pipehost run, validate and activity run, end to end", .tags(.large))
struct RunCommandTests {
    typealias P = PipehostProcess

    @Test("run prints the run records as JSON and exits 0 when the pipeline succeeds")
    func runJSON() throws {
        let result = try P.run(["run", P.fixture("Pipelines/control-activities"), "--output", "json"])
        #expect(result.status == 0, "\(result.error)")
        let document = try result.json()
        #expect(document["pipelineRun"]?["status"] == "Succeeded")
        #expect(document["pipelineRun"]?["variables"]?["path"] == "fast")
        #expect(document["pipelineRun"]?["parameters"] == ["mode": "fast"])
        let runs = document["activityRuns"]?.arrayValue ?? []
        #expect(runs.contains { $0["activityName"] == "Go Fast" && $0["status"] == "Succeeded" && $0["scope"] == "Route(fast)" })
        #expect(runs.allSatisfy { $0["activityRunId"]?.stringValue?.count == 36 })
    }

    @Test("a failed run exits 1 with ADF's message in the summary")
    func failedRun() throws {
        let result = try P.run(["run", P.fixture("Pipelines/control-activities"), "--param", "mode=sideways"])
        #expect(result.status == 1)
        #expect(result.output.contains("Operation on target Route failed: Activity failed because an inner activity failed; Inner activity name: Reject, Error: unknown mode sideways"))
        #expect(result.output.contains("ACTIVITY"))
        #expect(result.output.contains("Route (Switch) Failed"))
    }

    @Test("bad input exits 64 with a message that points at the fix")
    func invalidInput() throws {
        let unknownParameter = try P.run(["run", P.fixture("Pipelines/control-activities"), "--param", "speed=3"])
        #expect(unknownParameter.status == 64)
        #expect(unknownParameter.error.contains("pipeline 'main' has no parameter 'speed'; it declares 'mode'"))

        let missing = try P.run(["run", "no/such/folder"])
        #expect(missing.status == 64)
        #expect(missing.error.contains("'no/such/folder' does not exist"))

        let several = try P.run(["run", P.fixture("Pipelines/failing-activity-branches")])
        #expect(several.status == 64)
        #expect(several.error.contains("choose one with --pipeline NAME"))

        let badFlag = try P.run(["run", P.fixture("Pipelines/control-activities"), "--output", "yaml"])
        #expect(badFlag.status == 64)
    }

    @Test("validate reports every problem with file and JSON path and exits 64")
    func validate() throws {
        let result = try P.run(["validate", P.fixture("Factories/invalid-factory")])
        #expect(result.status == 64)
        let file = "Factories/invalid-factory/pipeline/broken.json"
        for line in [
            "\(file): $.properties.activities[0].dependsOn[0].activity: error: activity 'A' depends on 'Ghost'",
            "\(file): $.properties.activities[3].dependsOn: error: the dependencies form a cycle (B → C → B)",
            "\(file): $.properties.activities[6].policy.retryIntervalInSeconds: warning: policy.retryIntervalInSeconds is 5, below the 30 that ADF documents as its minimum; pipehost uses 5 as written",
            "\(file): $.properties.activities[6].policy.timeout: error: policy.timeout: it is '9.00:00:00', out of range: use a duration above zero and at most 7.00:00:00 (seven days)",
            // ADF ignores a value for a parameter the child does not declare: a warning since issue 14.
            "\(file): $.properties.activities[9].typeProperties.parameters.unexpected: warning: pipeline 'child' has no parameter 'unexpected'",
            "not-json.json: $: error: invalid JSON at line 1, column 53",
        ] {
            #expect(result.output.contains(line), "missing: \(line)")
        }
        let json = try P.run(["validate", P.fixture("Factories/invalid-factory"), "--output", "json"])
        #expect(json.status == 64)
        // The JSON lists exactly the problems the text lists, one entry per problem line: the
        // fixture's 14 errors and 4 warnings, each kind once. (Its WebActivity and Copy activities
        // were "unknown type" errors too until the Web and data plugins shipped; 'Teleport' is the
        // one unknown type left, on purpose.)
        let problemLines = result.output.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
        #expect(problemLines.count == 18)
        #expect(result.output.contains("14 errors, 4 warnings"))
        #expect((try json.json().arrayValue?.count ?? 0) == problemLines.count)

        let valid = try P.run(["validate", P.fixture("Pipelines/control-activities")])
        #expect(valid.status == 0)
        #expect(valid.output.hasPrefix("OK:"))
    }

    @Test("Ctrl-C cancels the run: running activities are recorded Cancelled and the exit status is 2")
    func interrupt() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = folder.appendingPathComponent("long.json")
        try Data(#"""
            {"name": "long", "properties": {"activities": [
              {"name": "Long Wait", "type": "Wait", "typeProperties": {"waitTimeInSeconds": 600}},
              {"name": "After", "type": "Wait", "dependsOn": [{"activity": "Long Wait", "dependencyConditions": ["Completed"]}],
               "typeProperties": {"waitTimeInSeconds": 1}}]}}
            """#.utf8).write(to: pipeline)
        let running = try P.start(["run", pipeline.path])
        for _ in 0..<500 where !running.outputSoFar.contains("Long Wait (Wait) InProgress") {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(running.outputSoFar.contains("Long Wait (Wait) InProgress"))
        kill(running.process.processIdentifier, SIGINT)
        let result = running.finish()
        #expect(result.status == 2)
        #expect(result.output.contains("Long Wait (Wait) Cancelled"))
        #expect(result.output.contains("Pipeline 'long' Cancelled"))
        #expect(!result.output.contains("After (Wait)"))
    }

    @Test("secrets never appear in anything a run writes")
    func secretsAreScrubbed() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "hunter2-\(UUID().uuidString.prefix(8))"
        let pipeline = folder.appendingPathComponent("secret.json")
        try Data(#"""
            {"name": "secret", "properties": {
              "parameters": {"password": {"type": "SecureString"}},
              "variables": {"copy": {"type": "String"}},
              "activities": [
                {"name": "Keep", "type": "SetVariable", "typeProperties": {"variableName": "copy", "value": "@pipeline().parameters.password"}},
                {"name": "Leak", "type": "Fail", "dependsOn": [{"activity": "Keep", "dependencyConditions": ["Succeeded"]}],
                 "typeProperties": {"errorCode": "401", "message": "@concat('login with ', variables('copy'), ' refused')"}}]}}
            """#.utf8).write(to: pipeline)
        for output in ["text", "json"] {
            let result = try P.run(["run", pipeline.path, "--param", "password=\(secret)", "--output", output, "--log-level", "trace"])
            #expect(result.status == 1)
            #expect(!result.everything.contains(secret), "the secret appears in the \(output) output")
            #expect(result.everything.contains("login with *** refused"))
        }
    }

    @Test("activity run prints the output JSON, or the error with exit status 1")
    func activityRun() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wait = folder.appendingPathComponent("wait.json")
        try Data(#"{"waitTimeInSeconds": 0}"#.utf8).write(to: wait)
        let succeeded = try P.run(["activity", "run", "--type", "Wait", "--input", wait.path])
        #expect(succeeded.status == 0, "\(succeeded.error)")
        #expect(try succeeded.json() == [:])

        let fail = folder.appendingPathComponent("fail.json")
        try Data(#"{"name": "Stop", "type": "Fail", "typeProperties": {"errorCode": "E42", "message": "@concat('no ', 'way')"}}"#.utf8)
            .write(to: fail)
        let failed = try P.run(["activity", "run", "--type", "Fail", "--input", fail.path])
        #expect(failed.status == 1)
        #expect(try failed.json()["error"] == ["errorCode": "E42", "message": "no way", "failureType": "UserError", "target": "Stop"])

        let mismatch = try P.run(["activity", "run", "--type", "Wait", "--input", fail.path])
        #expect(mismatch.status == 64)
        #expect(mismatch.error.contains("declares type 'Fail' but --type is 'Wait'"))
    }
}
