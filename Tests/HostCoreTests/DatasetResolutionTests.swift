import HostCore
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// How an activity's datasets reach its executor: parameters bound, expressions evaluated, the
/// linked service resolved and embedded, and `inputs`/`outputs` kept apart in the order written.
@Suite("Dataset resolution", .tags(.small))
struct DatasetResolutionTests {
    typealias H = RunnerHarness

    /// One parameterised dataset on one parameterised linked service, used as a Copy's source and
    /// sink with different values: the shape of most generic factories.
    static func factory() throws -> Factory {
        var copy = H.activity("Copy data", type: "Copy", typeProperties: ["source": ["type": "DelimitedTextSource"]]).objectValue ?? [:]
        copy["inputs"] = [["referenceName": "Generic", "type": "DatasetReference", "parameters": ["folder": "landing", "account": "@pipeline().parameters.from"]]]
        copy["outputs"] = [["referenceName": "Generic", "type": "DatasetReference", "parameters": ["folder": "curated", "account": "archive"]]]
        var factory = try H.factory([("main", [.object(copy)])], parameters: ["from": ["type": "String", "defaultValue": "raw"]])
        let service = try #require(LinkedService.decode(
            ["name": "Lake", "properties": [
                "type": "AzureBlobStorage", "parameters": ["account": ["type": "String"]],
                "typeProperties": ["connectionString": "@concat('AccountName=', linkedService().account)"]]],
            at: SourceLocation(file: "linkedService/Lake.json")).linkedService)
        factory.add(service)
        let dataset = try #require(Dataset.decode(
            ["name": "Generic", "properties": [
                "type": "DelimitedText",
                "linkedServiceName": ["referenceName": "Lake", "type": "LinkedServiceReference", "parameters": ["account": "@dataset().account"]],
                "parameters": ["folder": ["type": "String"], "account": ["type": "String"]],
                "typeProperties": ["location": ["type": "AzureBlobStorageLocation", "container": "data", "folderPath": "@dataset().folder"]]]],
            at: SourceLocation(file: "dataset/Generic.json")).dataset)
        factory.add(dataset)
        return factory
    }

    @Test("a dataset used as source and sink with different parameters reaches the executor twice, each with its own linked service")
    func inputsAndOutputs() async throws {
        let script = Script()
        let record = try await H.runner(try Self.factory(), script: script, types: ["Copy"], observer: RunJournal()).run(pipelineNamed: "main")
        #expect(record.status == .succeeded)
        let invocation = try #require(script.calls(of: "Copy data").first?.invocation)

        #expect(invocation.inputs.count == 1)
        #expect(invocation.outputs.count == 1)
        let source = try #require(invocation.inputs.first)
        let sink = try #require(invocation.outputs.first)
        #expect(source["typeProperties"]?["location"]?["folderPath"] == "landing")
        #expect(sink["typeProperties"]?["location"]?["folderPath"] == "curated")
        #expect(source["parameters"] == ["folder": "landing", "account": "raw"])
        #expect(source["linkedService"] == ["name": "Lake", "type": "AzureBlobStorage", "typeProperties": ["connectionString": "AccountName=raw"]])
        #expect(sink["linkedService"]?["typeProperties"]?["connectionString"] == "AccountName=archive")
        #expect(source["linkedServiceName"] == "Lake")
        #expect(source["name"] == "Generic")
        #expect(source["type"] == "DelimitedText")
    }

    @Test("the invocation document carries inputs and outputs inside activity")
    func documentMembers() async throws {
        let script = Script()
        _ = try await H.runner(try Self.factory(), script: script, types: ["Copy"], observer: RunJournal()).run(pipelineNamed: "main")
        let document = try #require(script.calls(of: "Copy data").first?.json)
        #expect(document["activity"]?["inputs"]?[0]?["typeProperties"]?["location"]?["folderPath"] == "landing")
        #expect(document["activity"]?["outputs"]?[0]?["linkedService"]?["typeProperties"]?["connectionString"] == "AccountName=archive")
    }
}
