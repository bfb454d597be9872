import HostCore
import PipehostJSON
import PipelineModel
import Synchronization
import TestSizeTags
import Testing

/// Settings that expressions produce are range-checked when the activity runs: a value ADF would
/// refuse fails its activity with ADF's 2105 naming the property, and the run goes on to its end.
@Suite("Evaluated settings and large graphs", .tags(.small))
struct InputLimitTests {
    typealias H = RunnerHarness

    @Test("an evaluated duration or number out of range fails only its activity, with 2105 naming the property")
    func evaluatedSettings() async throws {
        let hugeSpan: JSONValue = ["value": "@concat('99999999', '.00:00:00')", "type": "Expression"]
        let factory = try H.factory([("main", [
            H.activity("Timeout", policy: ["timeout": hugeSpan]),
            H.activity("Interval", policy: ["retry": 1, "retryIntervalInSeconds": "@mul(100000, 100000)"]),
            H.activity("Retries", policy: ["retry": "@string(9223372036854775807)"]),
            H.activity("Wait", type: "Wait", typeProperties: ["waitTimeInSeconds": "@mul(4294967296, 2147483647)"]),
            H.activity("Negative wait", type: "Wait", typeProperties: ["waitTimeInSeconds": "@sub(0, 5)"]),
            H.activity("Until", type: "Until", typeProperties: ["expression": "@true", "timeout": hugeSpan, "activities": []]),
            H.activity("ForEach", type: "ForEach", typeProperties: ["items": "@createArray(1)", "batchCount": "@add(50, 1)", "activities": []]),
            H.activity("After", dependsOn: [("Timeout", ["Failed"]), ("Wait", ["Failed"]), ("Until", ["Failed"])]),
        ])])
        let journal = RunJournal()
        let script = Script()
        let record = try await H.runner(factory, script: script, observer: journal).run(pipelineNamed: "main")

        #expect(record.status == .failed)
        let runs = journal.activityRuns(of: record.runId)
        func error(_ name: String) -> ActivityError? { runs.last { $0.activityName == name }?.error }
        let expected = [
            "Timeout": "policy.timeout", "Interval": "policy.retryIntervalInSeconds", "Retries": "policy.retry",
            "Wait": "typeProperties.waitTimeInSeconds", "Negative wait": "typeProperties.waitTimeInSeconds",
            "Until": "typeProperties.timeout", "ForEach": "typeProperties.batchCount",
        ]
        for (name, property) in expected {
            #expect(error(name)?.errorCode == "2105", "\(name): \(String(describing: error(name)))")
            #expect(error(name)?.message.contains("property '\(property)' of activity '\(name)'") == true, "\(name): \(String(describing: error(name)))")
        }
        #expect(error("Timeout")?.message.contains("out of range") == true)
        // The failed attempts never reached the executor, and the run went on to its dependants.
        #expect(script.calls(of: "Timeout").isEmpty)
        #expect(runs.last { $0.activityName == "After" }?.status == .succeeded)
    }

    @Test("a chain of 100,000 activities validates, plans and runs, listed in either order", arguments: [false, true])
    func longChain(reversed: Bool) async throws {
        let count = 100_000
        var activities: [JSONValue] = (0..<count).map { index in
            H.activity("A\(index)", dependsOn: index == 0 ? [] : [("A\(index - 1)", ["Succeeded"])])
        }
        if reversed { activities.reverse() }
        let factory = try H.factory([("chain", activities)])
        let pipeline = try #require(factory.pipeline(named: "chain"))
        #expect(FactoryValidator.validate(factory, options: ValidationOptions(knownActivityTypes: ["WebActivity"])).isEmpty)

        let counter = CountingExecutor()
        let runner = PipelineRunner(factory: factory, registry: try ActivityRegistry([counter]))
        let record = try await runner.run(pipelineNamed: "chain")
        #expect(record.status == .succeeded)
        #expect(pipeline.activities.count == count)
        #expect(counter.count == count)
    }

    @Test("a cycle closing a chain of 100,000 activities is found and spelled out")
    func longCycle() throws {
        let count = 100_000
        let activities: [JSONValue] = (0..<count).map { index in
            H.activity("A\(index)", dependsOn: [("A\((index + count - 1) % count)", ["Succeeded"])])
        }
        let factory = try H.factory([("cycle", activities)])
        let problems = FactoryValidator.validate(factory, options: ValidationOptions(knownActivityTypes: ["WebActivity"]))
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .dependencyCycle)
        #expect(problems.first?.message.hasPrefix("the dependencies form a cycle (A0 → A1 → A2") == true)
    }
}

/// Succeeds at once and counts its calls: the engine's own cost, without a script's bookkeeping.
private final class CountingExecutor: ActivityExecutor {
    let descriptor = ActivityTypeDescriptor(typeName: "WebActivity", origin: .builtIn, isThreadSafe: true, isLongRunning: false)
    private let calls = Mutex(0)

    var count: Int { calls.withLock { $0 } }

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        calls.withLock { $0 += 1 }
        return .succeeded(output: .object([:]))
    }
}

/// A loop that wraps a variable in itself builds deeper values each iteration; the variable stops
/// at the depth JSON can be read back at, with a message, instead of growing until a walk over it
/// overflows the stack.
@Suite("Values built deeper at run time", .tags(.small))
struct DeepValueTests {
    typealias H = RunnerHarness

    @Test("an Until that nests a variable in itself is refused once it would exceed 512 levels; the run ends")
    func selfNestingVariable() async throws {
        let factory = try H.factory([("deep", [
            H.activity("Loop", type: "Until", typeProperties: [
                "expression": "@variables('refused')", "timeout": "0.01:00:00",
                "activities": [
                    H.activity("Tmp", type: "SetVariable", typeProperties: ["variableName": "t", "value": "@createArray(variables('v'))"]),
                    H.activity("Wrap", type: "SetVariable", dependsOn: [("Tmp", ["Succeeded"])], typeProperties: ["variableName": "v", "value": "@variables('t')"]),
                    H.activity("Stop", type: "SetVariable", dependsOn: [("Tmp", ["Failed"])], typeProperties: ["variableName": "refused", "value": true]),
                ],
            ]),
        ])], variables: [
            "v": ["type": "Array", "defaultValue": []], "t": ["type": "Array", "defaultValue": []],
            "refused": ["type": "Bool", "defaultValue": false],
        ])
        let journal = RunJournal()
        let record = try await H.runner(factory, script: Script(), observer: journal).run(pipelineNamed: "deep")
        #expect(record.status == .failed)
        let runs = journal.activityRuns(of: record.runId)
        let refusal = runs.last { $0.activityName == "Tmp" && $0.status == .failed }
        #expect(refusal?.error?.errorCode == "VariableValueTooDeep")
        #expect(refusal?.error?.message.contains("nest more than 512 levels deep") == true)
        // Every earlier iteration nested one level more, up to the limit.
        #expect(runs.filter { $0.activityName == "Wrap" && $0.status == .succeeded }.count == 511)
    }
}

/// A pipeline that starts itself through ExecutePipeline stops 100 runs deep with a message,
/// instead of starting runs until memory runs out.
@Suite("Pipelines that start themselves", .tags(.small))
struct SelfStartingPipelineTests {
    typealias H = RunnerHarness

    @Test("ExecutePipeline of the pipeline itself ends after 100 nested runs, waiting or not", arguments: [true, false])
    func recursion(waitOnCompletion: Bool) async throws {
        let factory = try H.factory([("rec", [
            H.activity("Again", type: "ExecutePipeline", typeProperties: [
                "pipeline": ["referenceName": "rec", "type": "PipelineReference"], "waitOnCompletion": .bool(waitOnCompletion),
            ]),
        ])])
        let journal = RunJournal()
        let record = try await H.runner(factory, script: Script(), observer: journal).run(pipelineNamed: "rec")
        #expect(journal.pipelineRuns.count == 101)
        let refused = journal.activityRuns.filter { $0.error?.errorCode == "PipelineNestedTooDeep" }
        // Waiting parents fail with their child's error, as ADF reports it up the chain.
        #expect(refused.count == (waitOnCompletion ? 101 : 1))
        #expect(refused.allSatisfy { $0.error?.message.contains("would start 'rec' 101 pipeline runs deep; pipehost stops at 100") == true })
        #expect(record.status == (waitOnCompletion ? .failed : .succeeded))
    }
}
