import Foundation
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Validating data flows", .tags(.small))
struct DataFlowValidationTests {
    /// A factory folder with one pipeline running `dataflow` (the activity's `typeProperties.dataflow`
    /// as JSON text) and the files given.
    static func factory(
        dataflow: String, files: [String: String] = [:]
    ) throws -> (folder: ScratchFactory, problems: [ValidationProblem]) {
        let folder = try ScratchFactory()
        try folder.write("pipeline/Main.json", """
            {"name": "Main", "properties": {"parameters": {"flow": {"type": "String", "defaultValue": "Flow1"}}, "activities": [
              {"name": "Transform", "type": "ExecuteDataFlow", "typeProperties": \(dataflow)}
            ]}}
            """)
        try folder.write("dataset/Sales.json", """
            {"name": "Sales", "properties": {"type": "DelimitedText", "linkedServiceName": {"referenceName": "Lake", "type": "LinkedServiceReference"}}}
            """)
        try folder.write("linkedService/Lake.json", #"{"name": "Lake", "properties": {"type": "AzureBlobStorage", "typeProperties": {}}}"#)
        for (path, text) in files { try folder.write(path, text) }
        let loaded = try FactoryLoader.load(at: folder.path)
        return (folder, loaded.problems + FactoryValidator.validate(loaded.factory))
    }

    /// A data flow resource named `name` with the given sources and script lines.
    static func dataFlow(
        _ name: String = "Flow1", type: String = "MappingDataFlow", sources: String = "[]", sinks: String = "[]",
        transformations: String = "[]", script: [String] = ["source(allowSchemaDrift: true) ~> In"]
    ) -> String {
        let lines = script.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"name": "\(name)", "properties": {"type": "\(type)", "typeProperties": {
              "sources": \(sources), "sinks": \(sinks), "transformations": \(transformations), "scriptLines": [\(lines)]}}}
            """
    }

    static let goodFlow = dataFlow(sources: #"[{"name": "In", "dataset": {"referenceName": "Sales", "type": "DatasetReference"}}]"#)

    @Test("an ExecuteDataFlow naming an existing mapping data flow whose references resolve and script parses: no problems")
    func valid() throws {
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "flow1", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": Self.goodFlow])
        defer { folder.remove() }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the fixture factory with a data flow validates without problems")
    func fixture() throws {
        let loaded = try FactoryLoader.load(at: DataFlowLoadingTests.gitFolder)
        let problems = loaded.problems + FactoryValidator.validate(loaded.factory)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("ExecuteDataFlow without dataflow.referenceName, or with an empty one: an error naming the activity")
    func missingReference() throws {
        for typeProperties in [#"{}"#, #"{"dataflow": {"type": "DataFlowReference"}}"#, #"{"dataflow": {"referenceName": "", "type": "DataFlowReference"}}"#] {
            let (folder, problems) = try Self.factory(dataflow: typeProperties)
            defer { folder.remove() }
            #expect(problems.map(\.description) == [
                "\(folder.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataflow.referenceName: error: "
                    + "activity 'Transform' (ExecuteDataFlow) needs typeProperties.dataflow.referenceName, the name of the data flow to run"
            ])
            #expect(problems.first?.kind == .missingProperty)
        }
    }

    @Test("ExecuteDataFlow whose dataflow reference has no type, or another: an error, as only a data flow reference reaches the plugin")
    func referenceType() throws {
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1"}}"#, files: ["dataflow/Flow1.json": Self.goodFlow])
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataflow.type: error: "
                + "activity 'Transform' (ExecuteDataFlow) needs typeProperties.dataflow.type \"DataFlowReference\": "
                + "only a data flow reference hands the data flow to the plugin"
        ])
        #expect(problems.first?.kind == .missingProperty)

        let (other, mistyped) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowRef"}}"#, files: ["dataflow/Flow1.json": Self.goodFlow])
        defer { other.remove() }
        #expect(mistyped.map(\.description) == [
            "\(other.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataflow.type: error: "
                + "activity 'Transform' (ExecuteDataFlow) needs typeProperties.dataflow.type \"DataFlowReference\", found \"DataFlowRef\": "
                + "only a data flow reference hands the data flow to the plugin"
        ])
        #expect(mistyped.first?.kind == .invalidValue)
    }

    @Test("ExecuteDataFlow naming no loaded data flow: an error naming the activity and the data flows there are")
    func unknownDataFlow() throws {
        let (folder, problems) = try Self.factory(dataflow: #"{"dataflow": {"referenceName": "Flow2", "type": "DataFlowReference"}}"#)
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataflow.referenceName: error: "
                + "there is no data flow named 'Flow2' for activity 'Transform' to run; the factory has none (add dataflow/Flow2.json)"
        ])
        #expect(problems.first?.kind == .unknownDataFlow)
        #expect(problems.first?.resource == ResourceKey(.dataFlow, "Flow2"))

        let (other, listed) = try Self.factory(
            dataflow: #"{"dataFlow": {"referenceName": "Flow2", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": Self.goodFlow, "dataflow/Part.json": Self.dataFlow("Part", type: "Flowlet", script: [])])
        defer { other.remove() }
        #expect(listed.map(\.description) == [
            "\(other.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataFlow.referenceName: error: "
                + "there is no data flow named 'Flow2' for activity 'Transform' to run; the factory has 'Flow1'"
        ])
    }

    @Test("ExecuteDataFlow naming a flowlet: an error, ExecuteDataFlow runs mapping data flows")
    func flowletAsDataFlow() throws {
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Part", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Part.json": Self.dataFlow("Part", type: "Flowlet", script: [])])
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/pipeline/Main.json: $.properties.activities[0].typeProperties.dataflow.referenceName: error: "
                + "activity 'Transform' runs data flow 'Part', which is a Flowlet; ExecuteDataFlow runs mapping data flows (type MappingDataFlow)"
        ])
    }

    @Test("a data flow named by an expression is accepted and resolved when the activity runs, as datasets are")
    func expressionReference() throws {
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "@pipeline().parameters.flow", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": Self.goodFlow])
        defer { folder.remove() }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("a source's dataset, an inline sink's linked service and a flowlet that do not exist: errors at the data flow's JSON paths")
    func unknownReferences() throws {
        let flow = Self.dataFlow(
            sources: #"[{"name": "In", "dataset": {"referenceName": "Sales", "type": "DatasetReference"}}, {"name": "More", "dataset": {"referenceName": "Returns", "type": "DatasetReference"}}]"#,
            sinks: #"[{"name": "Out", "linkedService": {"referenceName": "Warehouse", "type": "LinkedServiceReference"}}]"#,
            transformations: #"[{"name": "Clean", "flowlet": {"referenceName": "Cleanse", "type": "DataFlowReference"}}]"#)
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#, files: ["dataflow/Flow1.json": flow])
        defer { folder.remove() }
        let file = "\(folder.path)/dataflow/Flow1.json"
        #expect(problems.map(\.description) == [
            "\(file): $.properties.typeProperties.sources[1].dataset.referenceName: error: there is no dataset named 'Returns'; the factory has 'Sales'",
            "\(file): $.properties.typeProperties.sinks[0].linkedService.referenceName: error: there is no linked service named 'Warehouse'; the factory has 'Lake'",
            "\(file): $.properties.typeProperties.transformations[0].flowlet.referenceName: error: "
                + "there is no flowlet named 'Cleanse'; the factory has none (add dataflow/Cleanse.json with type Flowlet)",
        ])
        #expect(problems.map(\.kind) == [.unknownDataset, .unknownLinkedService, .unknownDataFlow])
    }

    @Test("a flowlet reference to a mapping data flow: an error")
    func flowletReferenceToMappingDataFlow() throws {
        let flow = Self.dataFlow(transformations: #"[{"name": "Clean", "flowlet": {"referenceName": "Flow1", "type": "DataFlowReference"}}]"#)
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#, files: ["dataflow/Flow1.json": flow])
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/dataflow/Flow1.json: $.properties.typeProperties.transformations[0].flowlet.referenceName: error: "
                + "'Flow1' is a MappingDataFlow, not a flowlet (a data flow of type Flowlet)"
        ])
    }

    @Test("a script that does not parse: an error at its script line, with the line and column")
    func scriptParseError() throws {
        let flow = Self.dataFlow(script: ["source(allowSchemaDrift: true) ~> In", "In filter(a > ) ~> Out"])
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#, files: ["dataflow/Flow1.json": flow])
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/dataflow/Flow1.json: $.properties.typeProperties.scriptLines[1]: error: "
                + "the script of data flow 'Flow1' does not parse: line 2, column 15: expected an expression, found ')'"
        ])
        #expect(problems.first?.kind == .invalidDataFlowScript)
    }

    @Test("a script given as one string: the error is at typeProperties.script")
    func scriptStringParseError() throws {
        let flow = """
            {"name": "Flow1", "properties": {"type": "MappingDataFlow", "typeProperties": {"script": "source() ~> In\\nIn select( ~> Out"}}}
            """
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#, files: ["dataflow/Flow1.json": flow])
        defer { folder.remove() }
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.location.jsonPath == "$.properties.typeProperties.script")
        #expect(problem.message.hasPrefix("the script of data flow 'Flow1' does not parse: line 2, column "))
    }

    @Test("a mapping data flow without a script: an error")
    func missingScript() throws {
        let flow = #"{"name": "Flow1", "properties": {"type": "MappingDataFlow", "typeProperties": {"sources": []}}}"#
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#, files: ["dataflow/Flow1.json": flow])
        defer { folder.remove() }
        #expect(problems.map(\.description) == [
            "\(folder.path)/dataflow/Flow1.json: $.properties.typeProperties.scriptLines: error: "
                + "data flow 'Flow1' has no script: write it in typeProperties.scriptLines (or typeProperties.script)"
        ])
    }

    @Test("a Power Query data flow (WranglingDataFlow) is loaded but its script is not read")
    func wranglingDataFlow() throws {
        let flow = #"{"name": "Wrangle", "properties": {"type": "WranglingDataFlow", "typeProperties": {"script": "section Section1;"}}}"#
        let (folder, problems) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": Self.goodFlow, "dataflow/Wrangle.json": flow])
        defer { folder.remove() }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("--pipeline: a data flow the pipeline runs is checked and its datasets count as used; others are not checked")
    func scope() throws {
        let broken = Self.dataFlow("Other", sources: #"[{"name": "In", "dataset": {"referenceName": "Nowhere", "type": "DatasetReference"}}]"#)
        let (folder, _) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": Self.goodFlow, "dataflow/Other.json": broken])
        defer { folder.remove() }
        let factory = try FactoryLoader.load(at: folder.path).factory
        let used = UsedResources(pipeline: "Main", in: factory)
        for key in [ResourceKey(.dataFlow, "Flow1"), ResourceKey(.dataset, "Sales"), ResourceKey(.linkedService, "Lake")] {
            #expect(used.contains(key), "\(key)")
        }
        #expect(!used.contains(ResourceKey(.dataFlow, "Other")))
        #expect(FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "Main")).isEmpty)
        #expect(FactoryValidator.validate(factory).map(\.kind) == [.unknownDataset])
    }

    @Test("a missing data flow whose file cannot be read is explained by that file")
    func missingBecauseUnreadable() throws {
        let (folder, _) = try Self.factory(
            dataflow: #"{"dataflow": {"referenceName": "Flow1", "type": "DataFlowReference"}}"#,
            files: ["dataflow/Flow1.json": #"{"name": "Flow1", "properties": "#])
        defer { folder.remove() }
        let loaded = try FactoryLoader.load(at: folder.path)
        let problems = ProblemScope.explainMissing(FactoryValidator.validate(loaded.factory), loading: loaded.problems)
        let missing = try #require(problems.first { $0.kind == .unknownDataFlow })
        #expect(missing.message.hasSuffix("; \(folder.path)/dataflow/Flow1.json would define it, but it cannot be read: fix that file"))
    }
}
