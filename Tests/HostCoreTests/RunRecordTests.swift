import HostCore
import PipehostJSON
import PipelineModel
import Synchronization
import TestSizeTags
import Testing

/// Collects events in order.
final class EventLog: RunObserver, Sendable {
    private let events = Mutex<[RunEvent]>([])
    nonisolated(nonsending) func record(_ event: RunEvent) async { events.withLock { $0.append(event) } }
    var all: [RunEvent] { events.withLock { $0 } }
}

@Suite("Run records and events", .tags(.small))
struct RunRecordTests {
    typealias H = RunnerHarness

    @Test("every state change is an event, in order, from run started to run finished")
    func eventOrder() async throws {
        let factory = try H.factory([("main", [H.activity("Only")])])
        let log = EventLog()
        let record = try await H.runner(factory, script: Script(), observer: log).run(pipelineNamed: "main")
        let kinds = log.all.map { event -> String in
            switch event {
            case .runStarted(let run, _): "runStarted \(run.status.rawValue)"
            case .activityQueued(let activity): "queued \(activity.status.rawValue)"
            case .attemptStarted(let activity): "attemptStarted \(activity.status.rawValue)"
            case .attemptFinished(let activity, _): "attemptFinished \(activity.status.rawValue)"
            case .activityFinished(let activity): "activityFinished \(activity.status.rawValue)"
            case .runFinished(let run): "runFinished \(run.status.rawValue)"
            default: "other"
            }
        }
        #expect(kinds == [
            "runStarted InProgress", "queued Queued", "attemptStarted InProgress", "attemptFinished Succeeded",
            "activityFinished Succeeded", "runFinished Succeeded",
        ])
        #expect(record.status == .succeeded)
    }

    @Test("records have ADF's fields; retried attempts are separate runs numbered by retryAttempt")
    func recordShape() async throws {
        let factory = try H.factory(
            [("main", [H.activity("Flaky", typeProperties: ["n": "@pipeline().parameters.n"], policy: ["retry": 2, "retryIntervalInSeconds": 60])])],
            parameters: ["n": ["type": "Int"], "list": ["type": "Array", "defaultValue": ["a"]]])
        let journal = RunJournal()
        let sleeper = RecordingSleeper()
        let script = Script(["Flaky": .init(json: ["failAttempts": 2, "errorCode": "2402", "message": "deadlock"])])
        let record = try await H.runner(factory, script: script, observer: journal, sleeper: sleeper)
            .run(pipelineNamed: "main", parameters: ["n": 5])

        let run = record.json
        for key in ["runId", "pipelineName", "parameters", "status", "runStart", "runEnd", "durationInMs", "message", "invokedBy", "variables"] {
            #expect(run[key] != nil, "pipeline run has \(key)")
        }
        #expect(run["parameters"] == ["n": "5", "list": "[\"a\"]"])
        #expect(run["invokedBy"]?["name"] == "Manual")

        let attempts = journal.activityRuns(of: record.runId)
        #expect(attempts.map(\.retryAttempt) == [nil, 1, 2])
        #expect(Set(attempts.map(\.activityRunId)).count == 3)
        #expect(attempts.map(\.status) == [.failed, .failed, .succeeded])
        #expect(sleeper.requested == [.seconds(60), .seconds(60)])
        let failed = attempts[0].json
        for key in ["activityRunId", "activityName", "activityType", "status", "activityRunStart", "activityRunEnd",
                    "durationInMs", "input", "output", "error", "retryAttempt", "pipelineRunId"] {
            #expect(failed[key] != nil, "activity run has \(key)")
        }
        #expect(failed["input"] == ["n": 5])
        #expect(failed["error"] == ["errorCode": "2402", "message": "deadlock", "failureType": "UserError", "target": "Flaky"])
        #expect(attempts[2].json["error"] == ["errorCode": "", "message": "", "failureType": "", "target": "Flaky"])
    }

    @Test("secureInput and secureOutput put placeholders in records while expressions see the real output")
    func securePlaceholders() async throws {
        let factory = try H.factory([("main", [
            H.activity("Secret", typeProperties: ["key": "k-123"], policy: ["secureInput": true, "secureOutput": true]),
            H.activity("Next", dependsOn: [("Secret", ["Succeeded"])], typeProperties: ["got": "@activity('Secret').output.value"]),
        ])])
        let journal = RunJournal()
        let script = Script(["Secret": .init(json: ["output": ["value": "v-456"]])])
        let record = try await H.runner(factory, script: script, observer: journal).run(pipelineNamed: "main")
        let secret = try #require(journal.activityRuns(of: record.runId).first { $0.activityName == "Secret" })
        #expect(secret.input == SecurePlaceholder.input)
        #expect(secret.output == SecurePlaceholder.output)
        #expect(script.calls(of: "Next").first?.invocation.typeProperties["got"] == "v-456")
        #expect(script.calls(of: "Secret").first?.invocation.typeProperties["key"] == "k-123")
    }

    @Test("an expression that cannot be evaluated fails its activity with InvalidTemplate")
    func expressionFailure() async throws {
        let factory = try H.factory([("main", [H.activity("Bad", typeProperties: ["x": "@pipeline().parameters.missing"])])])
        let journal = RunJournal()
        let script = Script()
        let record = try await H.runner(factory, script: script, observer: journal).run(pipelineNamed: "main")
        #expect(record.status == .failed)
        #expect(script.calls.isEmpty)
        let bad = journal.activityRuns(of: record.runId).first
        #expect(bad?.error?.errorCode == "InvalidTemplate")
        #expect(record.message.hasPrefix("Operation on target Bad failed: "))
    }

    @Test("an activity type nothing implements fails at run time with the known types")
    func unknownType() async throws {
        let factory = try H.factory([("main", [H.activity("Mystery", type: "Teleport")])])
        let journal = RunJournal()
        let record = try await H.runner(factory, script: Script(), observer: journal).run(pipelineNamed: "main")
        let error = journal.activityRuns(of: record.runId).first?.error
        #expect(error?.errorCode == "ActivityTypeNotSupported")
        #expect(error?.message.contains("ForEach") == true)
        #expect(error?.message.contains("WebActivity") == true)
    }

    @Test("an activity type nothing implements names each plugin that failed to load, the declaring one first")
    func unknownTypeNamesUnavailablePlugins() async throws {
        let factory = try H.factory([("main", [H.activity("Mystery", type: "Acme.Teleport")])])
        var registry = try ActivityRegistry([ScriptedExecutor(type: "WebActivity", script: Script())])
        registry.unavailablePlugins = [
            UnavailablePlugin(path: "/plugins/libmissing.so", reason: "plugin library '/plugins/libmissing.so' does not exist"),
            UnavailablePlugin(
                path: "/plugins/libacme.so", pluginID: "com.acme", declaredTypes: ["Acme.Teleport"],
                reason: "plugin 'com.acme' ('/plugins/libacme.so') refused to start: no licence"),
        ]
        let journal = RunJournal()
        let record = try await PipelineRunner(
            factory: factory, registry: registry, options: RunOptions(sleeper: RecordingSleeper()), observer: journal
        ).run(pipelineNamed: "main")
        let message = try #require(journal.activityRuns(of: record.runId).first?.error?.message)
        #expect(message.hasPrefix("No built-in activity or loaded plugin implements type 'Acme.Teleport'. Known types: "))
        #expect(message.contains(
            "plugin 'com.acme' ('/plugins/libacme.so') declares 'Acme.Teleport' but was refused: plugin 'com.acme' "
                + "('/plugins/libacme.so') refused to start: no licence."))
        #expect(message.contains(
            "Other plugins that failed to load: '/plugins/libmissing.so': plugin library '/plugins/libmissing.so' does not exist."))
    }

    @Test("the registry refuses a plugin executor for a built-in control activity's type")
    func builtInTypeIsReserved() throws {
        var registry = ActivityRegistry()
        let impostor = ScriptedExecutor(type: "ForEach", script: Script())
        #expect(throws: ActivityRegistry.RegistrationError.builtInType("ForEach", claimedBy: impostor.descriptor.origin)) {
            try registry.register(impostor)
        }
        #expect(registry.executor(for: "ForEach") == nil)
        let withBuiltIns = BuiltInActivities.adding(to: registry)
        #expect(withBuiltIns.executor(for: "ForEach")?.descriptor.origin == .builtIn)
        let message = ActivityRegistry.RegistrationError.builtInType("ForEach", claimedBy: impostor.descriptor.origin).description
        #expect(message.contains("'ForEach' is a control activity built into the host"))
    }

    @Test("missing and mistyped parameters stop the run before it starts")
    func parameterErrors() async throws {
        let factory = try H.factory([("main", [H.activity("A")])], parameters: ["count": ["type": "Int"]])
        let runner = try H.runner(factory, script: Script(), observer: DiscardingRunObserver())
        await #expect(throws: RunStartError.self) { try await runner.run(pipelineNamed: "main") }
        do {
            _ = try await runner.run(pipelineNamed: "main", parameters: ["count": "many", "extra": 1])
            Issue.record("the run started")
        } catch {
            guard case .invalidParameters(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.typeMismatch, .unknownParameter])
        }
    }

    @Test("independent activities run at the same time")
    func concurrency() async throws {
        let factory = try H.factory([("main", (1...5).map { H.activity("Parallel \($0)") })])
        let behaviours = Dictionary(uniqueKeysWithValues: (1...5).map { ("Parallel \($0)", Script.Behaviour(json: ["waitForPeers": 5])) })
        let script = Script(behaviours)
        let record = try await H.runner(factory, script: script, observer: DiscardingRunObserver()).run(pipelineNamed: "main")
        #expect(record.status == .succeeded)
        #expect(script.peakConcurrency == 5)
    }
}
