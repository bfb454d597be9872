import Foundation
import PipehostJSON
import TestSizeTags
import Testing

@testable import PipelineModel

/// The source formats beyond the plain git folder: ARM templates (parameters, comments, nested
/// resources, linked templates), Synapse exports and git folders, Fabric item folders.
@Suite("Factory source formats", .tags(.small))
struct FactorySourceFormatTests {
    static func source(_ name: String) -> String { Fixtures.root.appendingPathComponent("FactorySources/\(name)").path }
    static let noDefault = source("arm-no-default/ARMTemplateForFactory.json")

    @Test("factoryName without a default: names from the literal parts, no warning about names; a missing value is one warning")
    func noFactoryNameDefault() throws {
        let loaded = try FactoryLoader.load(at: Self.noDefault)
        #expect(loaded.factory.pipelines.map(\.name) == ["load"])
        #expect(loaded.factory.linkedServices.map(\.name) == ["Sql"])
        #expect(loaded.factory.name == "factory")
        #expect(!loaded.problems.containsErrors, "\(loaded.problems)")
        #expect(loaded.problems.count == 1, "\(loaded.problems)")
        let warning = try #require(loaded.problems.first)
        #expect(warning.kind == .missingParameter && warning.severity == .warning)
        #expect(warning.message.contains("'Sql_connectionString' has no defaultValue"))
        #expect(warning.message.contains("--template-parameter Sql_connectionString=VALUE"))
        #expect(!warning.message.contains("factoryName"))
        #expect(warning.location.jsonPath.hasSuffix("typeProperties.connectionString"))
        let pipeline = try #require(loaded.factory.pipeline(named: "load"))
        #expect(pipeline.folder == "TEST-loads")
        #expect(pipeline.activities.first?.typeProperties["storedProcedureName"] == "[dbo].[load]")
        #expect(pipeline.activities.first?.policy.retry == .value(2))
    }

    @Test("a parameters file and name=value options supply values; the options win; comments are allowed in both files")
    func parametersFile() throws {
        let options = FactoryLoadOptions(
            templateParametersFile: Self.source("arm-no-default/ARMTemplateParametersForFactory.json"),
            templateParameters: ["retries=5", "environment=prod"])
        let loaded = try FactoryLoader.load(at: Self.noDefault, options: options)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.factory.name == "contoso-local")
        #expect(loaded.factory.linkedService(named: "Sql")?.typeProperties["connectionString"] == "host=localhost;database=dw")
        let pipeline = try #require(loaded.factory.pipeline(named: "load"))
        #expect(pipeline.activities.first?.policy.retry == .value(5))
        #expect(pipeline.folder == "PROD-loads")
    }

    @Test("a Key Vault reference in the parameters file is unresolved: a warning naming the parameter")
    func keyVaultReference() throws {
        let loaded = try FactoryLoader.load(
            at: Self.noDefault, options: FactoryLoadOptions(templateParametersFile: Self.source("arm-no-default/keyvault-parameters.json")))
        #expect(loaded.factory.name == "contoso-kv")
        let warning = try #require(loaded.problems.first { $0.kind == .missingParameter })
        #expect(warning.message.contains("'Sql_connectionString' is a Key Vault reference"))
    }

    @Test("template parameter values that cannot be used are load errors naming the option", arguments: [
        (["nope=1"], "--template-parameter: the template declares no parameter 'nope'; it declares factoryName, Sql_connectionString, retries, environment"),
        (["retries=many"], "--template-parameter retries: the parameter is int; give a whole number, e.g. 5"),
        (["retries"], "--template-parameter retries: expected name=value"),
    ])
    func badValues(values: [String], message: String) {
        let error = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Self.noDefault, options: FactoryLoadOptions(templateParameters: values))
        }
        #expect(error?.description == message)
    }

    @Test("a parameters file must have ARM's shape, and its values the parameters' types")
    func badParametersFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.json")
        try #"{"retries": 3}"#.write(to: plain, atomically: true, encoding: .utf8)
        let shapeError = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Self.noDefault, options: FactoryLoadOptions(templateParametersFile: plain.path))
        }
        #expect(shapeError?.description.contains("expected an ARM parameters file") == true)
        let typed = folder.appendingPathComponent("typed.json")
        try #"{"parameters": {"retries": {"value": "three"}}}"#.write(to: typed, atomically: true, encoding: .utf8)
        let typeError = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Self.noDefault, options: FactoryLoadOptions(templateParametersFile: typed.path))
        }
        #expect(typeError == .invalidTemplateParameter(
            option: "--template-parameters \(typed.path)", name: "retries", reason: "the parameter is int, but the file gives a string"))
    }

    @Test("template parameters for a source that is no template are refused")
    func notATemplate() {
        let error = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Fixtures.factory("git-factory"), options: FactoryLoadOptions(templateParameters: ["a=b"]))
        }
        #expect(error == .templateParametersWithoutTemplate(path: Fixtures.factory("git-factory"), sourceKind: "ADF git-integration folder"))
    }

    @Test("nested child resources (short and full types) and inline nested deployments are read")
    func nestedResources() throws {
        let loaded = try FactoryLoader.load(at: Self.source("arm-nested.json"))
        #expect(!loaded.problems.containsErrors, "\(loaded.problems)")
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.factory.name == "nested-adf")
        #expect(loaded.factory.pipelines.map(\.name).sorted() == ["child", "from-deployment", "parent"])
        #expect(loaded.factory.pipeline(named: "from-deployment")?.description == "deployed into nested-adf")
        let storage = try #require(loaded.factory.linkedService(named: "Storage"))
        let expected = "https://st\(ARMHashes.uniqueString("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/pipehost-local")).blob.core.windows.net"
        #expect(storage.typeProperties["serviceEndpoint"] == .string(expected))
        #expect(loaded.factory.globalParameters == ["region": "local"])
    }

    @Test("resources nested 10,000 levels deep are refused as JSON too deep, not a crash; 200 levels load")
    func deepNesting() throws {
        func template(levels: Int) -> String {
            var text = #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": ["#
            for level in 0..<levels {
                text += #"{"type": "\#(level == 0 ? "Microsoft.DataFactory/factories" : "Microsoft.DataFactory/factories/pipelines")", "name": "p\#(level)", "properties": {"activities": []}, "resources": ["#
            }
            text += String(repeating: "]}", count: levels) + "]}"
            return text
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = folder.appendingPathComponent("deep.json")
        try template(levels: 10_000).write(to: deep, atomically: true, encoding: .utf8)
        let error = #expect(throws: FactoryLoadError.self) { try FactoryLoader.load(at: deep.path) }
        #expect(error?.description.contains("nesting deeper than") == true)
        let shallow = folder.appendingPathComponent("shallow.json")
        try template(levels: 200).write(to: shallow, atomically: true, encoding: .utf8)
        let loaded = try FactoryLoader.load(at: shallow.path)
        #expect(loaded.factory.pipelines.count == 199)
    }

    @Test("a template without pipelines is an error naming what it holds")
    func noPipelines() {
        let error = #expect(throws: FactoryLoadError.self) { try FactoryLoader.load(at: Self.source("arm-no-pipelines.json")) }
        #expect(error == .noPipelinesInTemplate(
            path: Self.source("arm-no-pipelines.json"),
            resourceTypes: ["Microsoft.DataFactory/factories/integrationRuntimes", "Microsoft.DataFactory/factories/triggers"],
            linkedTemplates: []))
        #expect(error?.description.contains("holds no pipelines") == true)
    }

    @Test("a linked-template master without its files names them; any file of the export, or its folder, loads the whole factory")
    func linkedTemplates() throws {
        let error = #expect(throws: FactoryLoadError.self) {
            try FactoryLoader.load(at: Self.source("linked-template-master-alone/ArmTemplate_master.json"))
        }
        #expect(error?.description.contains("'ArmTemplate_0.json'") == true)
        #expect(error?.description.contains("'ArmTemplate_1.json'") == true)
        for source in ["linked-templates", "linked-templates/ArmTemplate_master.json", "linked-templates/ArmTemplate_1.json"] {
            let loaded = try FactoryLoader.load(at: Self.source(source))
            #expect(loaded.sourceKind == .armTemplate, "\(source)")
            #expect(loaded.factory.pipelines.map(\.name).sorted() == ["run wait", "wait"], "\(source)")
            #expect(loaded.problems.isEmpty, "\(source): \(loaded.problems)")
            // The ExecutePipeline in ArmTemplate_1.json finds its child in ArmTemplate_0.json.
            let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: "run wait"))
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(source): \(problems)")
        }
    }

    @Test("a Synapse workspace ARM export: pipelines, linked services, datasets, notebooks and Spark job definitions")
    func synapseTemplate() throws {
        let loaded = try FactoryLoader.load(at: Self.source("synapse-arm.json"))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let factory = loaded.factory
        #expect(factory.pipelines.map(\.name) == ["ingest"])
        #expect(factory.linkedServices.first?.typeProperties["url"] == "https://lake.dfs.core.windows.net")
        #expect(factory.datasets.map(\.name) == ["raw"])
        #expect(factory.rawResource(.notebook, named: "prepare")?.properties["nbformat"] == 4)
        #expect(factory.rawResource(.sparkJobDefinition, named: "score") != nil)
        let named = try FactoryLoader.load(at: Self.source("synapse-arm.json"), options: FactoryLoadOptions(templateParameters: ["workspaceName=ws"]))
        #expect(named.factory.name == "ws")
    }

    @Test("the Synapse git layout loads; a workspace default linked service is explained")
    func synapseGit() throws {
        let loaded = try FactoryLoader.load(at: Self.source("synapse-git"))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.sourceKind == .folder)
        #expect(loaded.factory.pipelines.map(\.name) == ["ingest"])
        #expect(loaded.factory.rawResources.map(\.name) == ["prepare", "score"])
        let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(knownActivityTypes: ["SynapseNotebook", "Lookup"]))
        let missing = try #require(problems.first { $0.kind == .unknownLinkedService })
        #expect(missing.message.contains("'contoso-ws-WorkspaceDefaultStorage' is a Synapse workspace default linked service"))
    }

    @Test("a Fabric workspace folder: its Data pipeline items, named by .platform; connections are named in warnings")
    func fabric() throws {
        let loaded = try FactoryLoader.load(at: Self.source("fabric"))
        #expect(loaded.sourceKind == .fabricItems)
        #expect(loaded.factory.pipelines.map(\.name) == ["Copy sales", "Nightly", "Wait"])
        #expect(!loaded.problems.containsErrors)
        #expect(loaded.problems.map(\.message).contains { $0.contains("Fabric connection 11111111-2222-3333-4444-555555555555") })
        let item = try FactoryLoader.load(at: Self.source("fabric/Wait.DataPipeline"))
        #expect(item.factory.pipelines.map(\.name) == ["Wait"])
        let file = try FactoryLoader.load(at: Self.source("fabric/Copy.DataPipeline/pipeline-content.json"))
        #expect(file.defaultPipelineName == "Copy sales")
        #expect(file.sourceKind == .fabricItems)
    }

    @Test("Fabric pipelines call each other by logical id: one item's file loads its workspace, and the id resolves to the name")
    func fabricCallsByLogicalId() throws {
        let loaded = try FactoryLoader.load(at: Self.source("fabric/Nightly.DataPipeline/pipeline-content.json"))
        #expect(loaded.defaultPipelineName == "Nightly")
        #expect(loaded.factory.pipelines.map(\.name) == ["Copy sales", "Nightly", "Wait"])
        let call = try #require(loaded.factory.pipeline(named: "Nightly")?.activities.first)
        #expect(call.typeProperties["pipeline"]?["referenceName"] == "Wait")
        let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: "Nightly"))
        #expect(!problems.containsErrors, "\(problems)")
    }
}
