import Foundation
import HostCore
import Logging
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// How a data flow reaches the plugin that runs it: the invocation's `dataFlow` member, with each
/// source's and sink's dataset and linked service resolved, the activity's `datasetParameters`
/// evaluated and applied, and secrets kept out of records and logs.
@Suite("Data flow invocation", .tags(.small))
struct DataFlowInvocationTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/FactorySources/dataflow-git").path

    struct Outcome {
        var record: PipelineRunRecord
        var journal: RunJournal
        var script: Script
        var logs: [String]
    }

    static func run(
        _ factory: Factory, parameters: JSONObject = [:], behaviours: [String: Script.Behaviour] = [:]
    ) async throws -> Outcome {
        let script = Script(behaviours)
        let registry = try ActivityRegistry([ScriptedExecutor(type: "ExecuteDataFlow", script: script)])
        let lines = CollectingLogHandler.Lines()
        let options = RunOptions(
            sleeper: RecordingSleeper(), logger: Logger(label: "test", factory: { _ in CollectingLogHandler(lines: lines) }))
        let journal = RunJournal()
        let record = try await PipelineRunner(factory: factory, registry: registry, options: options, observer: journal)
            .run(pipelineNamed: "SummariseBooks", parameters: parameters)
        return Outcome(record: record, journal: journal, script: script, logs: lines.all)
    }

    @Test("ExecuteDataFlow: the data flow as written, its source's dataset with datasetParameters from a pipeline parameter, its inline sink's linked service")
    func dataFlowMember() async throws {
        let factory = try FactoryLoader.load(at: Self.folder).factory
        let outcome = try await Self.run(factory, parameters: ["landingFolder": "books/2025"])
        #expect(outcome.record.status == .succeeded)
        let call = try #require(outcome.script.calls(of: "Summarise by genre").first)
        let dataFlow = try #require(call.invocation.dataFlow)
        #expect(dataFlow.name == "BooksByGenre")
        #expect(dataFlow.type == "MappingDataFlow")
        #expect(dataFlow.typeProperties == factory.dataFlow(named: "BooksByGenre")?.typeProperties)
        #expect(dataFlow.typeProperties["scriptLines"]?[11] == "Books filter(published >= $minYear) ~> Recent")

        // The activity's datasetParameters win over the data flow's own ("books/default"), evaluated.
        let books = try #require(dataFlow.datasets["Books"])
        #expect(books["name"] == "BooksCsv")
        #expect(books["parameters"] == ["folder": "books/2025"])
        #expect(books["typeProperties"]?["location"]?["folderPath"] == "books/2025")
        #expect(books["linkedService"]?["name"] == "Lake")
        #expect(dataFlow.datasets.count == 1)
        #expect(dataFlow.linkedServices["Books"]?.name == "Lake")
        let warehouse = try #require(dataFlow.linkedServices["GenreSummary"])
        #expect(warehouse.type == "AzurePostgreSql")
        #expect(warehouse.typeProperties["password"] == "warehouse-s3cret")
        #expect(dataFlow.linkedServices.count == 2)

        // The staging linked service is among the activity's linked services.
        #expect(call.invocation.linkedServices["Lake"]?.type == "AzureBlobStorage")

        // The document a plugin receives.
        let document = call.json
        #expect(document["dataFlow"]?["name"] == "BooksByGenre")
        #expect(document["dataFlow"]?["type"] == "MappingDataFlow")
        #expect(document["dataFlow"]?["typeProperties"] == dataFlow.typeProperties)
        #expect(document["dataFlow"]?["datasets"]?["Books"]?["typeProperties"]?["location"]?["folderPath"] == "books/2025")
        #expect(document["dataFlow"]?["linkedServices"]?["GenreSummary"] == warehouse.json)
        #expect(document["run"]?["pipelineName"] == "SummariseBooks")
    }

    @Test("without a datasetParameters entry the data flow's own dataset parameters apply")
    func dataFlowOwnParameters() async throws {
        let factory = try Self.factory(editing: "\"datasetParameters\"", to: "\"otherParameters\"")
        let outcome = try await Self.run(factory)
        let dataFlow = try #require(outcome.script.calls(of: "Summarise by genre").first?.invocation.dataFlow)
        #expect(dataFlow.datasets["Books"]?["parameters"] == ["folder": "books/default"])
    }

    @Test("activities without a data flow reference get no dataFlow member")
    func noDataFlow() async throws {
        let factory = try RunnerHarness.factory([("SummariseBooks", [RunnerHarness.activity("Plain", type: "ExecuteDataFlow")])])
        let outcome = try await Self.run(factory)
        let call = try #require(outcome.script.calls(of: "Plain").first)
        #expect(call.invocation.dataFlow == nil)
        #expect(call.json["dataFlow"] == nil)
    }

    @Test("a data flow named by an expression is resolved when the activity runs; a name that matches none fails it with DataFlowNotFound")
    func expressionReference() async throws {
        let factory = try Self.factory(
            editing: "\"referenceName\": \"BooksByGenre\"",
            to: "\"referenceName\": \"@concat('Books', pipeline().parameters.landingFolder)\"")

        let found = try await Self.run(factory, parameters: ["landingFolder": "ByGenre"])
        #expect(found.record.status == .succeeded)
        #expect(found.script.calls.first?.invocation.dataFlow?.name == "BooksByGenre")

        let missing = try await Self.run(factory, parameters: ["landingFolder": "ByAuthor"])
        #expect(missing.record.status == .failed)
        #expect(missing.script.calls.isEmpty)
        let error = try #require(missing.journal.activityRuns(of: missing.record.runId).first?.error)
        #expect(error.errorCode == "DataFlowNotFound")
        #expect(error.message == "Activity 'Summarise by genre' runs data flow 'BooksByAuthor', which does not exist in the factory.")
    }

    @Test("the secrets of a data flow's linked services are scrubbed from the activity run's output and the log")
    func secretsRedacted() async throws {
        let factory = try FactoryLoader.load(at: Self.folder).factory
        var echo = Script.Behaviour()
        echo.output = ["connection": "password=warehouse-s3cret"]
        let outcome = try await Self.run(factory, behaviours: ["Summarise by genre": echo])
        #expect(outcome.script.calls.first?.invocation.dataFlow?.linkedServices["GenreSummary"]?.typeProperties["password"] == "warehouse-s3cret")
        let run = try #require(outcome.journal.activityRuns(of: outcome.record.runId).first)
        #expect(run.output["connection"] == "password=***")
        #expect(outcome.logs.contains { $0.contains("password=***") })
        #expect(!outcome.logs.contains { $0.contains("warehouse-s3cret") })
        #expect(!JSONSerializer.serialize(run.input).contains("warehouse-s3cret"))
    }

    /// The fixture factory with `text` replaced by `replacement` in its pipeline's file.
    static func factory(editing text: String, to replacement: String) throws -> Factory {
        let loaded = try FactoryLoader.load(at: folder).factory
        let file = folder + "/pipeline/SummariseBooks.json"
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.contains(text))
        let json = try JSONParser.parse(Array(written.replacingOccurrences(of: text, with: replacement).utf8))
        let pipeline = try #require(Pipeline.decode(json, at: SourceLocation(file: file)).pipeline)
        var factory = Factory(name: loaded.name)
        factory.add(pipeline)
        for service in loaded.linkedServices { factory.add(service) }
        for dataset in loaded.datasets { factory.add(dataset) }
        for dataFlow in loaded.dataFlows { factory.add(dataFlow) }
        return factory
    }
}
