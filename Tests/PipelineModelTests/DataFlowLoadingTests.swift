import Foundation
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Loading data flows", .tags(.small))
struct DataFlowLoadingTests {
    static let gitFolder = Fixtures.root.appendingPathComponent("FactorySources/dataflow-git").path

    @Test("dataflow/*.json of a git-integration folder: name, type, typeProperties as written, and each entry's references")
    func gitFolderDataFlow() throws {
        let loaded = try FactoryLoader.load(at: Self.gitFolder)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let dataFlow = try #require(loaded.factory.dataFlow(named: "booksbygenre"))
        #expect(loaded.factory.dataFlows.map(\.name) == ["BooksByGenre"])
        #expect(dataFlow.type == "MappingDataFlow")
        #expect(dataFlow.location == SourceLocation(file: Self.gitFolder + "/dataflow/BooksByGenre.json"))
        #expect(dataFlow.typeProperties["scriptLines"]?.arrayValue?.count == 24)
        #expect(dataFlow.sources.map(\.name) == ["Books"])
        #expect(dataFlow.sinks.map(\.name) == ["GenreSummary"])
        #expect(dataFlow.transformations.map(\.name) == ["Recent", "ByGenre"])
        let source = try #require(dataFlow.sources.first?.dataset)
        #expect(source.referenceName == "BooksCsv")
        #expect(source.parameters == ["folder": "books/default"])
        #expect(source.location.jsonPath == "$.properties.typeProperties.sources[0].dataset")
        #expect(dataFlow.sinks.first?.linkedService?.referenceName == "Warehouse")
        #expect(dataFlow.sinks.first?.dataset == nil)
    }

    @Test("a pipeline file of the folder loads the data flows with the rest of its factory")
    func pipelineFileLoadsDataFlows() throws {
        let loaded = try FactoryLoader.load(at: Self.gitFolder + "/pipeline/SummariseBooks.json")
        #expect(loaded.defaultPipelineName == "SummariseBooks")
        #expect(loaded.factory.dataFlows.map(\.name) == ["BooksByGenre"])
    }

    @Test("two data flow files with one name: the second is a duplicate, reported like other resources")
    func duplicateInFolder() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Main.json", #"{"name": "Main", "properties": {"activities": []}}"#)
        let flow = #"{"name": "Flow1", "properties": {"type": "MappingDataFlow", "typeProperties": {"scriptLines": []}}}"#
        try folder.write("dataflow/Flow1.json", flow)
        try folder.write("dataflow/Flow1_copy.json", flow)
        let loaded = try FactoryLoader.load(at: folder.path)
        #expect(loaded.factory.dataFlows.count == 1)
        let duplicate = try #require(loaded.problems.first)
        #expect(loaded.problems.count == 1)
        #expect(duplicate.kind == .duplicateName)
        #expect(duplicate.location == SourceLocation(file: folder.path + "/dataflow/Flow1_copy.json"))
        #expect(duplicate.message == "a data flow named 'Flow1' is already defined in \(folder.path)/dataflow/Flow1.json at $; rename one of them")
        #expect(duplicate.resource == ResourceKey(.dataFlow, "Flow1"))
    }

    @Test("a data flow file without properties.type is a problem of that data flow; the rest loads")
    func brokenDataFlow() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Main.json", #"{"name": "Main", "properties": {"activities": []}}"#)
        try folder.write("dataflow/NoType.json", #"{"name": "NoType", "properties": {"typeProperties": {}}}"#)
        try folder.write(
            "dataflow/Good.json",
            #"{"name": "Good", "properties": {"type": "MappingDataFlow", "typeProperties": {"sources": [{"name": "In", "dataset": {"type": "DatasetReference"}}]}}}"#)
        let loaded = try FactoryLoader.load(at: folder.path)
        #expect(loaded.factory.dataFlows.map(\.name) == ["Good"])
        #expect(loaded.problems.map(\.description) == [
            "\(folder.path)/dataflow/Good.json: $.properties.typeProperties.sources[0].dataset.referenceName: error: required property 'referenceName' is missing",
            "\(folder.path)/dataflow/NoType.json: $.properties.type: error: required property 'type' is missing",
        ])
        #expect(loaded.problems.map(\.resource) == [ResourceKey(.dataFlow, "Good"), ResourceKey(.dataFlow, "NoType")])
    }

    static let template = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {"factoryName": {"type": "string", "defaultValue": "bookshop-arm"}},
          "resources": [
            {"name": "[concat(parameters('factoryName'), '/Run')]", "type": "Microsoft.DataFactory/factories/pipelines",
             "apiVersion": "2018-06-01",
             "properties": {"activities": [{"name": "Flow", "type": "ExecuteDataFlow",
               "typeProperties": {"dataflow": {"referenceName": "Counts", "type": "DataFlowReference"}}}]}},
            {"name": "[concat(parameters('factoryName'), '/Counts')]", "type": "Microsoft.DataFactory/factories/dataflows",
             "apiVersion": "2018-06-01",
             "properties": {"type": "MappingDataFlow", "typeProperties": {
               "sources": [{"name": "Rows", "linkedService": {"referenceName": "Lake", "type": "LinkedServiceReference"}}],
               "sinks": [], "transformations": [],
               "scriptLines": ["source(allowSchemaDrift: true) ~> Rows", "[[literal] and [concat('kept')]"]}}},
            {"name": "[concat(parameters('factoryName'), '/counts')]", "type": "Microsoft.DataFactory/factories/dataflows",
             "apiVersion": "2018-06-01",
             "properties": {"type": "Flowlet", "typeProperties": {"scriptLines": []}}}
          ]
        }
        """

    @Test("an ARM template's Microsoft.DataFactory/factories/dataflows: evaluated as ARM evaluates them; a duplicate is reported")
    func armTemplate() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("ARMTemplateForFactory.json", Self.template)
        let loaded = try FactoryLoader.load(at: folder.path + "/ARMTemplateForFactory.json")
        #expect(loaded.sourceKind == .armTemplate)
        let dataFlow = try #require(loaded.factory.dataFlow(named: "Counts"))
        #expect(loaded.factory.dataFlows.count == 1)
        #expect(dataFlow.type == "MappingDataFlow")
        #expect(dataFlow.location.jsonPath == "$.resources[1]")
        #expect(dataFlow.sources.first?.linkedService?.referenceName == "Lake")
        // ARM evaluates every string: "[[" escapes a literal "[" and a whole "[…]" is an expression.
        #expect(dataFlow.typeProperties["scriptLines"] == ["source(allowSchemaDrift: true) ~> Rows", "[literal] and [concat('kept')]"])
        let duplicate = try #require(loaded.problems.first { $0.kind == .duplicateName })
        #expect(duplicate.message.hasPrefix("a data flow named 'counts' is already defined in \(folder.path)/ARMTemplateForFactory.json at $.resources[1]"))
        #expect(duplicate.resource == ResourceKey(.dataFlow, "counts"))
    }
}
