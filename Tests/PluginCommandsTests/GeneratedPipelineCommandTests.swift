import Foundation
import GeneratedPipelines
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// The same property as the engine's generated-pipeline test, through the built binary: whatever
/// numbers and durations a pipeline holds, `pipehost validate` and `pipehost run` exit 0, 1 or 64
/// and never die of a signal; a refusal (64) names the file and JSON path.
@Suite("pipehost on generated pipelines", .tags(.large), .timeLimit(.minutes(5)))
struct GeneratedPipelineCommandTests {
    let commands = PluginCommandsTests()
    static let seed: UInt64 = 0xC0FF_EE11
    static let cases = 80

    @Test("validate and run exit 0, 1 or 64 on every generated pipeline, never with a signal")
    func exitStatuses() throws {
        let folder = try TemporaryFolder("pipehost-generated")
        defer { folder.remove() }
        let manifest = try commands.manifest(folder, [BuildProducts.library("CustomActivityPlugin")])
        var generator = PipelineGenerator(
            seed: Self.seed, budget: .shortWaits, executionType: "Custom", executionProperties: ["command": "true"])
        var statuses: [Int32: Int] = [:]
        for index in 0..<Self.cases {
            let pipeline = generator.pipeline(named: "p\(index)")
            let file = try folder.write(JSONSerializer.serialize(pipeline, options: .pretty), to: "p\(index).json")
            for command in [["validate", file], ["run", file, "--no-store"]] {
                let result = try commands.pipehost(command + ["--plugins", manifest], directory: folder.path)
                let context = "\(command[0]) case \(index): status \(result.status)\n\(result.standardError)\n\(JSONSerializer.serialize(pipeline))"
                #expect(!result.signalled, "\(context)")
                #expect([0, 1, 64].contains(result.status), "\(context)")
                if result.status == 64 { #expect((result.standardOutput + result.standardError).contains("p\(index).json: $."), "\(context)") }
                if command[0] == "run" { statuses[result.status, default: 0] += 1 }
            }
        }
        // Refused, succeeded and failed runs all occurred.
        #expect(statuses[0, default: 0] > 0 && statuses[1, default: 0] > 0 && statuses[64, default: 0] > 0, "\(statuses)")
    }
}
