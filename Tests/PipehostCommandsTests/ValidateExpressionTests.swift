import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `validate` compiles every expression a run will evaluate with the run's own compiler: what it
/// accepts runs, and what ADF's engine refuses is reported before a run starts.
@Suite("pipehost validate compiles expressions, end to end", .tags(.large))
struct ValidateExpressionTests {
    typealias P = PipehostProcess

    /// A git-layout factory whose global parameter has a `-` in its name, read as production
    /// factories read it: with a dot (refused by ADF's engine) or in brackets (works).
    static func factory(reading expression: String) throws -> URL {
        let folder = try P.temporaryFolder()
        for sub in ["factory", "pipeline"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(#"""
            {"name": "f", "properties": {"globalParameters": {"GP-Int": {"type": "int", "value": 5}}}}
            """#.utf8).write(to: folder.appendingPathComponent("factory/f.json"))
        let pipeline: JSONValue = [
            "name": "read-global",
            "properties": [
                "activities": [[
                    "name": "Keep", "type": "SetVariable",
                    "typeProperties": ["variableName": "v", "value": ["value": .string(expression), "type": "Expression"]],
                ]],
                "variables": ["v": ["type": "String"]],
            ],
        ]
        try Data(JSONSerializer.serialize(pipeline).utf8).write(to: folder.appendingPathComponent("pipeline/read-global.json"))
        return folder
    }

    @Test("a dotted name with '-' is an error at validate (exit 64) with the bracket form, and run refuses to start")
    func dottedDashedName() throws {
        let folder = try Self.factory(reading: "@string(pipeline().globalParameters.GP-Int)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try P.run(["validate", folder.path])
        #expect(result.status == 64)
        #expect(result.output.contains("pipeline/read-global.json: $.properties.activities[0].typeProperties.value.value: error: expression '@string(pipeline().globalParameters.GP-Int)'"), "\(result.output)")
        #expect(result.output.contains("ADF's engine refuses it too"))
        #expect(result.output.contains("@string(pipeline().globalParameters['GP-Int'])"))

        let run = try P.run(["run", folder.path, "--pipeline", "read-global"])
        #expect(run.status == 64)
    }

    @Test("the bracket form validates and runs")
    func bracketedName() throws {
        let folder = try Self.factory(reading: "@string(pipeline().globalParameters['GP-Int'])")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try P.run(["validate", folder.path])
        #expect(result.status == 0, "\(result.output)")
        let run = try P.run(["run", folder.path, "--pipeline", "read-global", "--output", "json"])
        #expect(run.status == 0, "\(run.error)")
        #expect(try run.json()["pipelineRun"]?["variables"]?["v"] == "5")
    }
}
