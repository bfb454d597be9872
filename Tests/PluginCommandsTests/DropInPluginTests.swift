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

    @Test("a Key Vault secret the plugin echoes back is masked in the output, the records and the run store file")
    func keyVaultSecretNeverReachesTheStore() throws {
        let folder = try TemporaryFolder("pipehost-secret-store")
        defer { folder.remove() }
        let secret = "kv-\(UInt64.random(in: 1_000_000...9_999_999))-hunter2"
        let manifest = try commands.manifest(folder, [try CFixtureCompiler.goodPlugin()])
        let secrets = try folder.write(#"{"contoso-vault": {"db-password": "\#(secret)"}}"#, to: "secrets.json")
        // An ADF git-integration folder: the Key Vault store, a linked service whose password is a
        // Key Vault reference, and a pipeline whose plugin activity uses it.
        let factory = folder.file("factory")
        for sub in ["linkedService", "pipeline"] {
            try FileManager.default.createDirectory(atPath: "\(factory)/\(sub)", withIntermediateDirectories: true)
        }
        _ = try folder.write(
            #"{"name": "Vault", "properties": {"type": "AzureKeyVault", "typeProperties": {"baseUrl": "https://contoso-vault.vault.azure.net/"}}}"#,
            to: "factory/linkedService/Vault.json")
        _ = try folder.write(
            """
            {"name": "Db", "properties": {"type": "PostgreSql", "typeProperties": {
              "connectionString": "host=127.0.0.1;database=x",
              "password": {"type": "AzureKeyVaultSecret", "secretName": "db-password",
                           "store": {"referenceName": "Vault", "type": "LinkedServiceReference"}}}}}
            """, to: "factory/linkedService/Db.json")
        _ = try folder.write(
            """
            {"name": "Echo", "properties": {"activities": [
              {"name": "EchoInvocation", "type": "CFixture.Echo",
               "linkedServiceName": {"referenceName": "Db", "type": "LinkedServiceReference"}, "typeProperties": {}}]}}
            """, to: "factory/pipeline/Echo.json")
        let pipeline = factory
        let store = folder.file("runs.sqlite")
        let result = try commands.pipehost([
            "run", pipeline, "--pipeline", "Echo", "--plugins", manifest, "--secrets", secrets, "--store", store,
            "--output", "json", "--log-level", "trace",
        ])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        // The plugin saw the secret (it echoes the resolved linked service) and the host masked it.
        #expect(result.standardOutput.contains("***"))
        #expect(!result.standardOutput.contains(secret) && !result.standardError.contains(secret))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("runs.sqlite") }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.file(file)))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(file)")
        }
        let shown = try commands.pipehost(["runs", "output", "--store", store, String(try #require(Self.runID(result.standardOutput))), "EchoInvocation"])
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.contains("***") && !shown.standardOutput.contains(secret))
    }

    static func runID(_ records: String) -> String? {
        (try? JSONParser.parse(records))?["pipelineRun"]?["runId"]?.stringValue
    }
}
