import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `validate --pipeline` and `run` judge a pipeline by what it uses, as ADF runs it, through the
/// real binary, on a factory folder in the shape found in real repositories: a file left with
/// merge-conflict markers, a copy of a pipeline under the same name, a truncated dataset and a
/// linked service without its type, none of them used by the pipeline that is run.
@Suite("validate and run of one pipeline of a partly broken factory", .tags(.large))
struct ValidationScopeCommandTests {
    typealias P = PipehostProcess
    static let factory = P.fixture("Factories/partly-broken")

    @Test("validate without --pipeline reports every broken file as an error and exits 64")
    func wholeFactory() throws {
        let result = try P.run(["validate", Self.factory])
        #expect(result.status == 64)
        for file in ["pipeline/Archive_Old.json", "pipeline/Cleanup_copy.json", "dataset/ds_archive.json", "linkedService/ls_archive_storage.json"] {
            let line = result.output.split(separator: "\n").first { $0.contains(file) }
            #expect(line?.contains(": error: ") == true, "\(file)")
        }
        #expect(!result.output.contains("not used by pipeline"))
    }

    @Test("validate --pipeline exits 0 with warnings for the broken files it does not use and for what ADF lets through")
    func onePipeline() throws {
        let result = try P.run(["validate", Self.factory, "--pipeline", "Load_Sales"])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.output.contains("0 errors"))
        for file in ["pipeline/Archive_Old.json", "pipeline/Cleanup_copy.json", "dataset/ds_archive.json", "linkedService/ls_archive_storage.json"] {
            let line = result.output.split(separator: "\n").first { $0.contains(file) }
            #expect(line?.contains(": warning: ") == true, "\(file)")
            #expect(line?.hasSuffix("(not used by pipeline 'Load_Sales')") == true, "\(file)")
        }
        let parameters = "pipeline/Load_Sales.json: $.properties.activities[1].typeProperties.parameters"
        for line in [
            "\(parameters).retries: warning: parameter 'retries' of pipeline 'Child_Notify' is Int, but the value \"3\" is string: it is converted to Int 3, as ADF converts it",
            "\(parameters).legacyFlag: warning: pipeline 'Child_Notify' has no parameter 'legacyFlag'",
            "\(parameters): warning: pipeline 'Child_Notify' declares parameter 'subject' (String) without a default value, and none is given",
        ] {
            #expect(result.output.contains(line), "missing: \(line)")
        }
    }

    @Test("validate --pipeline of a pipeline whose own file is broken exits 64 and names the file")
    func brokenPipelineChosen() throws {
        let result = try P.run(["validate", Self.factory, "--pipeline", "Archive_Old"])
        #expect(result.status == 64)
        #expect(result.output.contains("pipeline/Archive_Old.json would define it, but it cannot be read: fix that file"))
        #expect(result.output.contains("(this file would define pipeline 'Archive_Old', the one asked for)"))
    }

    @Test("run --pipeline runs despite the broken files it does not use; the child gets converted values and not the undeclared one")
    func runOnePipeline() throws {
        let result = try P.run(["run", Self.factory, "--pipeline", "Load_Sales", "--output", "json"])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.error.contains("(not used by pipeline 'Load_Sales')"))
        let document = try result.json()
        #expect(document["pipelineRun"]?["status"] == "Succeeded")
        let child = try #require(document["childPipelineRuns"]?.arrayValue?.first)
        #expect(child["pipelineRun"]?["parameters"]?["legacyFlag"] == nil)
        let compose = child["activityRuns"]?.arrayValue?.first { $0["activityName"] == "Compose" }
        #expect(compose?["output"]?["value"] == "ops@example.com retries=4 attach=False channels=2")
    }

    @Test("run of a pipeline whose child reads a parameter nobody gave fails that activity, as ADF does")
    func childReadsMissingParameter() throws {
        let validate = try P.run(["validate", Self.factory, "--pipeline", "Notify_Without_Subject"])
        #expect(validate.status == 0, "\(validate.everything)")
        #expect(validate.output.contains("declares parameter 'subject' (String) without a default value, and none is given"))

        let result = try P.run(["run", Self.factory, "--pipeline", "Notify_Without_Subject"])
        #expect(result.status == 1, "\(result.everything)")
        #expect(result.output.contains("the pipeline parameter 'subject' doesn't exist"))
    }

    @Test("activity run needs only the linked services the activity uses to load; a broken one beside them is a warning")
    func activityRunLinkedServices() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let services = folder.appendingPathComponent("linkedService")
        try FileManager.default.createDirectory(at: services, withIntermediateDirectories: true)
        try Data(#"{"name": "ls_used", "properties": {"type": "AzureBlobStorage", "typeProperties": {"connectionString": "x"}}}"#.utf8)
            .write(to: services.appendingPathComponent("ls_used.json"))
        try Data(#"{"name": "ls_old", "properties": {"type": "#.utf8).write(to: services.appendingPathComponent("ls_old.json"))
        let input = folder.appendingPathComponent("wait.json")
        try Data(#"{"name": "Pause", "type": "Wait", "linkedServiceName": {"referenceName": "ls_used", "type": "LinkedServiceReference"}, "typeProperties": {"waitTimeInSeconds": 0}}"#.utf8)
            .write(to: input)

        let result = try P.run(["activity", "run", "--type", "Wait", "--input", input.path, "--linked-services", services.path])
        #expect(result.status == 0, "\(result.everything)")
        #expect(result.error.contains("ls_old.json: $: warning: invalid JSON"))
        #expect(result.error.contains("(not used by pipeline 'activity-run')"))

        try Data(#"{"name": "ls_used", "properties": "#.utf8).write(to: services.appendingPathComponent("ls_used.json"))
        let refused = try P.run(["activity", "run", "--type", "Wait", "--input", input.path, "--linked-services", services.path])
        #expect(refused.status == 64)
        #expect(refused.error.contains("ls_used.json: $: error: invalid JSON"))
        #expect(refused.error.contains("that the activity uses have problems"))
    }
}
