import HostCore
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// What a run does with parameters ADF lets through: a child run starts without a required value
/// (an expression that reads it fails its activity, with the message ADF's engine gives), strings
/// are converted to the declared types, undeclared values are left out.
@Suite("Child pipeline parameters at run time", .tags(.small))
struct ChildParameterTests {
    typealias H = RunnerHarness

    static func factory(passing parameters: JSONValue, childReads expression: String) throws -> Factory {
        let parent: JSONValue = [
            "name": "parent",
            "properties": [
                "activities": .array([
                    H.activity("Call child", type: "ExecutePipeline", typeProperties: [
                        "pipeline": ["referenceName": "child", "type": "PipelineReference"], "waitOnCompletion": true,
                        "parameters": parameters,
                    ]),
                ]),
            ],
        ]
        let child: JSONValue = [
            "name": "child",
            "properties": [
                "activities": .array([
                    H.activity("Read", type: "SetVariable", typeProperties: [
                        "variableName": "seen", "value": ["value": .string(expression), "type": "Expression"],
                    ]),
                ]),
                "parameters": [
                    "to": ["type": "String"], "subject": ["type": "String"], "retries": ["type": "Int"],
                    "flags": ["type": "Object", "defaultValue": [:]],
                ],
                "variables": ["seen": ["type": "String"]],
            ],
        ]
        var factory = Factory(name: "f")
        for json in [parent, child] {
            let (pipeline, problems) = Pipeline.decode(json, at: SourceLocation(file: "p.json"))
            #expect(problems.isEmpty, "\(problems)")
            if let pipeline { factory.add(pipeline) }
        }
        return factory
    }

    static func run(_ factory: Factory, pipeline: String = "parent", parameters: JSONObject = [:]) async throws -> (PipelineRunRecord, RunJournal) {
        let journal = RunJournal()
        let record = try await H.runner(factory, script: Script(), observer: journal).run(pipelineNamed: pipeline, parameters: parameters)
        return (record, journal)
    }

    @Test("a child run starts without a required value; reading it fails that activity as ADF's engine reports it")
    func missingValueFailsWhereItIsRead() async throws {
        let factory = try Self.factory(passing: ["to": "ops", "retries": 1], childReads: "@concat(pipeline().parameters.to, pipeline().parameters.subject)")
        let (record, journal) = try await Self.run(factory)
        #expect(record.status == .failed)
        let read = try #require(journal.activityRuns.first { $0.activityName == "Read" })
        #expect(read.status == .failed)
        // ADF (the reference evaluator): "… cannot be evaluated because property 'subject' doesn't exist, available properties are 'x'."
        #expect(read.error?.message.contains("the pipeline parameter 'subject' doesn't exist; available parameters are") == true)
        let child = try #require(journal.pipelineRuns.first { $0.pipelineName == "child" })
        #expect(child.parameters["subject"] == nil)
    }

    @Test("a child run that does not read the missing value succeeds")
    func missingValueNotRead() async throws {
        let factory = try Self.factory(passing: ["to": "ops", "retries": 1], childReads: "@pipeline().parameters.to")
        let (record, journal) = try await Self.run(factory)
        #expect(record.status == .succeeded)
        #expect(journal.activityRuns.first { $0.activityName == "Read" }?.output["value"] == "ops")
    }

    @Test("strings are converted to the declared types and undeclared values are left out")
    func conversionsAndUndeclared() async throws {
        let factory = try Self.factory(
            passing: ["to": "ops", "subject": "s", "retries": "3", "flags": "{\"dryRun\":true}", "legacy": "x"],
            childReads: "@concat(string(add(pipeline().parameters.retries, 1)), '/', string(pipeline().parameters.flags.dryRun))")
        let (record, journal) = try await Self.run(factory)
        #expect(record.status == .succeeded)
        #expect(journal.activityRuns.first { $0.activityName == "Read" }?.output["value"] == "4/True")
        let child = try #require(journal.pipelineRuns.first { $0.pipelineName == "child" })
        #expect(child.parameters["legacy"] == nil)
        #expect(child.parameters["to"] != nil)
    }

    @Test("a string that cannot be converted fails the ExecutePipeline activity, naming the parameter")
    func unconvertibleFailsTheActivity() async throws {
        let factory = try Self.factory(passing: ["to": "ops", "subject": "s", "retries": "several"], childReads: "@pipeline().parameters.to")
        let (record, journal) = try await Self.run(factory)
        #expect(record.status == .failed)
        let call = try #require(journal.activityRuns.first { $0.activityName == "Call child" })
        #expect(call.error?.message.contains("parameter 'retries' of pipeline 'child' is Int, but the value \"several\" is string that cannot be converted") == true)
        #expect(!journal.activityRuns.contains { $0.activityName == "Read" })
    }

    @Test("a top-level run without a required value does not start, as ADF's createRun refuses it")
    func topLevelMissingValueIsRefused() async throws {
        let factory = try Self.factory(passing: [:], childReads: "@pipeline().parameters.to")
        await #expect(throws: RunStartError.self) {
            _ = try await Self.run(factory, pipeline: "child", parameters: ["to": "ops", "retries": "2"])
        }
        let (record, _) = try await Self.run(factory, pipeline: "child", parameters: ["to": "ops", "subject": "s", "retries": "2"])
        #expect(record.status == .succeeded)
        #expect(record.parameters["retries"] != nil)
    }
}
