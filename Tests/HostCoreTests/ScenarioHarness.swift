import Foundation
import HostCore
import Logging
import PipehostJSON
import PipelineExpressions
import PipelineModel
import Testing

/// A folder of `Tests/Fixtures/Pipelines/<scenario>/`: a factory (pipeline/, linkedService/,
/// dataset/) and `scenario.json`, which scripts the plugin activities of each case and states the
/// outcome ADF gives.
struct Scenario: Sendable {
    static let fixturesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Pipelines")

    let name: String
    let folder: URL
    let json: JSONValue

    /// Every scenario folder, by name.
    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesRoot.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: fixturesRoot.appendingPathComponent("\($0)/scenario.json").path) }
            .sorted()
    }

    init(_ name: String) throws {
        self.name = name
        folder = Scenario.fixturesRoot.appendingPathComponent(name)
        json = try FactoryLoader.readJSON(folder.appendingPathComponent("scenario.json").path).get()
    }

    var cases: [ScenarioCase] {
        (json["cases"]?.arrayValue ?? []).enumerated().map { index, value in
            ScenarioCase(scenario: self, index: index, json: value)
        }
    }
}

/// One run of a scenario's pipeline with scripted plugin behaviours, and what ADF gives.
struct ScenarioCase: Sendable, CustomTestStringConvertible {
    let scenario: Scenario
    let index: Int
    let json: JSONValue

    var testDescription: String { "\(scenario.name): \(json["name"]?.stringValue ?? "case \(index)")" }

    var pipeline: String {
        json["pipeline"]?.stringValue ?? scenario.json["pipeline"]?.stringValue ?? "main"
    }

    var parameters: JSONObject {
        var result = scenario.json["parameters"]?.objectValue ?? [:]
        for member in json["parameters"]?.objectValue ?? [:] { result[member.key] = member.value }
        return result
    }

    var expect: JSONValue { json["expect"] ?? .object([:]) }

    /// Expression functions the case needs (`xpath`); it is skipped when the evaluator lacks one.
    var requirementsMet: Bool {
        for requirement in scenario.json["requires"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            let probe: String
            switch requirement {
            case "xpath": probe = "@xpath(xml('<a><b>1</b></a>'), '/a/b/text()')"
            default: return false
            }
            guard (try? CompiledExpression.compile(probe).evaluate(in: EvaluationScope())) != nil else { return false }
        }
        return true
    }
}

/// What running a case produced.
struct ScenarioOutcome: Sendable {
    let record: PipelineRunRecord
    let journal: RunJournal
    let script: Script
    let sleeper: RecordingSleeper
    let logs: [String]

    /// The records of the top-level run's activities named `name`, in creation order.
    func activityRuns(_ name: String) -> [ActivityRunRecord] {
        journal.activityRuns(of: record.runId).filter { $0.activityName == name }
    }

    /// Everything the run wrote: every record of every run as JSON, and every log line.
    var everythingWritten: String {
        let records = journal.pipelineRuns.map { JSONSerializer.serialize($0.json) }
            + journal.activityRuns.map { JSONSerializer.serialize($0.json) }
        return (records + logs).joined(separator: "\n")
    }
}

extension ScenarioCase {
    /// Loads the factory, scripts the executor, and runs the pipeline to its end.
    func run() async throws -> ScenarioOutcome {
        let loaded = try FactoryLoader.load(at: scenario.folder.path)
        var behaviours: [String: Script.Behaviour] = [:]
        for member in json["behaviours"]?.objectValue ?? [:] { behaviours[member.key] = .init(json: member.value) }
        let script = Script(behaviours)
        let types = (scenario.json["executorTypes"]?.arrayValue ?? ["WebActivity"]).compactMap(\.stringValue)
        let registry = try ActivityRegistry(types.map { ScriptedExecutor(type: $0, script: script) })

        var vaults: [String: [String: String]] = [:]
        for (vault, secrets) in scenario.json["secrets"]?.objectValue ?? [:] {
            vaults[vault] = Dictionary(uniqueKeysWithValues: (secrets.objectValue ?? [:]).compactMap { key, value in
                value.stringValue.map { (key, $0) }
            })
        }
        let lines = CollectingLogHandler.Lines()
        let sleeper = RecordingSleeper()
        var options = RunOptions(
            sleeper: sleeper, secretProvider: LocalSecretProvider(vaults: vaults, environment: [:]),
            logger: Logger(label: "test", factory: { _ in CollectingLogHandler(lines: lines) }))
        if let globals = scenario.json["globalParameters"]?.objectValue { options.globalParameters = globals }
        let journal = RunJournal()
        let runner = PipelineRunner(factory: loaded.factory, registry: registry, options: options, observer: journal)
        let record = try await runner.run(pipelineNamed: pipeline, parameters: parameters)
        return ScenarioOutcome(
            record: record, journal: journal, script: script, sleeper: sleeper, logs: lines.all)
    }
}

extension JSONValue {
    /// The value at a `/`-separated path (`activity/typeProperties/url`, `items/0`); the component
    /// `@json` parses the string found so far as JSON (a request body built by an expression).
    func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "@json" {
                current = current?.stringValue.flatMap { try? JSONParser.parse($0) }
            } else if let index = Int(component), case .array = current {
                current = current?[index]
            } else {
                current = current?[String(component)]
            }
        }
        return current
    }
}
