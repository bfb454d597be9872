import Foundation
import PipehostJSON

/// A temporary folder with a pipeline of Custom activities (the real C plugin) that append a
/// line to `executions.log` each time they run, so "ran exactly once" can be read from the file,
/// and a store file for `--store`.
struct RunHistoryScenario {
    let folder: URL
    var store: String { folder.appendingPathComponent("runs.sqlite").path }
    var log: URL { folder.appendingPathComponent("executions.log") }
    var pipelineFile: String { folder.appendingPathComponent("pipeline.json").path }
    /// Created by a test to let a waiting activity finish.
    var releaseFile: URL { folder.appendingPathComponent("release") }

    init(activities: [JSONValue], parameters: JSONObject = [:]) throws {
        folder = try PipehostProcess.temporaryFolder()
        let pipeline: JSONValue = [
            "name": "history",
            "properties": ["activities": .array(activities), "parameters": .object(parameters)],
        ]
        try Data(JSONSerializer.serialize(pipeline, options: .pretty).utf8).write(to: URL(fileURLWithPath: pipelineFile))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A Custom activity that logs `label` (an expression is fine) and then runs `then`.
    func logging(
        _ name: String, label: String? = nil, dependsOn: [String] = [], then: String = "", policy: JSONValue? = nil
    ) -> JSONValue {
        let command = "echo \(label ?? name) >> '\(log.path)'" + (then.isEmpty ? "" : "; \(then)")
        return Self.activity(name, type: "Custom", dependsOn: dependsOn, typeProperties: ["command": .string(command)], policy: policy)
    }

    /// Waits for the release file (so a killed host's orphaned shell ends too).
    var waitForRelease: String { "while [ ! -f '\(releaseFile.path)' ]; do sleep 0.05; done" }

    static func activity(
        _ name: String, type: String, dependsOn: [String] = [], typeProperties: JSONValue, policy: JSONValue? = nil
    ) -> JSONValue {
        var object: JSONObject = [
            "name": .string(name), "type": .string(type), "typeProperties": typeProperties,
            "dependsOn": .array(dependsOn.map { ["activity": .string($0), "dependencyConditions": ["Succeeded"]] }),
        ]
        if let policy { object["policy"] = policy }
        return .object(object)
    }

    /// The lines of the execution log.
    var executions: [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func count(_ label: String) -> Int { executions.filter { $0 == label }.count }

    /// Waits until `condition` holds (checking every 20 ms, for at most 60 s); no timing assertion.
    func waitUntil(_ condition: () -> Bool) throws {
        for _ in 0..<3000 {
            if condition() { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ScenarioError.neverHappened
    }

    enum ScenarioError: Error { case neverHappened }

    /// The run id `pipehost run` printed on standard error.
    static func runId(in text: String) -> String? {
        guard let range = text.range(of: "Run ") else { return nil }
        return String(text[range.upperBound...].prefix(36))
    }
}
