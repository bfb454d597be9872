import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// The foundation's promise: a new activity type, built apart from the host and named in a
/// plugins.json, runs in a pipeline through the `pipehost` binary as it was built.
@Suite("drop-in activity types", .tags(.large), .timeLimit(.minutes(2)))
struct DropInPluginTests {
    let commands = PluginCommandsTests()

    @Test("a C plugin compiled with cc and a Swift plugin built apart run in one pipeline, passing values along")
    func mixedPipeline() throws {
        let folder = try TemporaryFolder("pipehost-drop-in")
        defer { folder.remove() }
        // Compiled here, from the header alone, as a third party would. Its Echo returns the whole
        // invocation, so the evaluated typeProperties come back under `activity`.
        let cPlugin = try CFixtureCompiler.goodPlugin()
        let manifest = try commands.manifest(folder, [cPlugin, BuildProducts.library("SwiftFixturePlugin")])
        let pipeline = try folder.write(
            """
            {
              "name": "DropIn",
              "properties": {
                "parameters": {"word": {"type": "String", "defaultValue": "hello"}},
                "variables": {"result": {"type": "String"}},
                "activities": [
                  {"name": "FromC", "type": "CFixture.Echo",
                   "typeProperties": {"word": "@toUpper(pipeline().parameters.word)"}},
                  {"name": "FromSwift", "type": "Fixture.Echo",
                   "dependsOn": [{"activity": "FromC", "dependencyConditions": ["Succeeded"]}],
                   "typeProperties": {"fromC": "@activity('FromC').output.activity.typeProperties.word"}},
                  {"name": "Keep", "type": "SetVariable",
                   "dependsOn": [{"activity": "FromSwift", "dependencyConditions": ["Succeeded"]}],
                   "typeProperties": {"variableName": "result",
                                      "value": "@concat(activity('FromSwift').output.typeProperties.fromC, ' via ', activity('FromSwift').output.activityName)"}}
                ]
              }
            }
            """, to: "pipeline.json")

        let result = try commands.pipehost([
            "run", pipeline, "--plugins", manifest, "--param", "word=drop-in", "--output", "json",
        ])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        let records = try JSONParser.parse(result.standardOutput)
        #expect(records["pipelineRun"]?["status"] == "Succeeded")
        #expect(records["pipelineRun"]?["variables"]?["result"] == "DROP-IN via FromSwift")
        let runs = records["activityRuns"]?.arrayValue ?? []
        #expect(runs.map { $0["status"] } == ["Succeeded", "Succeeded", "Succeeded"])
    }

    @Test("without the plugin in plugins.json the type is unknown, and the error lists the types that are loaded")
    func unknownTypeWithoutThePlugin() throws {
        let folder = try TemporaryFolder("pipehost-drop-in")
        defer { folder.remove() }
        let manifest = try commands.manifest(folder, [BuildProducts.library("SwiftFixturePlugin")])
        let pipeline = try folder.write(
            """
            {"name": "DropIn", "properties": {"activities": [{"name": "FromC", "type": "CFixture.Echo", "typeProperties": {}}]}}
            """, to: "pipeline.json")
        let result = try commands.pipehost(["run", pipeline, "--plugins", manifest])
        #expect(result.status == 64)
        #expect(result.standardError.contains("CFixture.Echo"))
        #expect(result.standardError.contains("Fixture.Echo"))
    }
}
