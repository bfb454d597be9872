import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// A SecureString written in an activity's own typeProperties (a Custom activity's
/// `extendedProperties`) reaches the plugin in clear, as in ADF, and nothing else: not the output,
/// the run records, the commands that show them, nor any byte of the run store's files, even when
/// the command prints the `activity.json` that holds it.
@Suite("SecureStrings inside activities", .tags(.large), .timeLimit(.minutes(2)))
struct ActivitySecureStringTests {
    let commands = PluginCommandsTests()

    @Test("a SecureString in extendedProperties is masked everywhere but in the plugin's own files")
    func maskedEverywhere() throws {
        let folder = try TemporaryFolder("pipehost-secure-activity")
        defer { folder.remove() }
        let secret = "ss-\(UInt64.random(in: 1_000_000...9_999_999))-@not-an-expression"
        let manifest = try commands.manifest(folder, [BuildProducts.library("CustomActivityPlugin")])
        let pipeline = try folder.write(
            """
            {"name": "Secure", "properties": {"activities": [
              {"name": "PrintActivityJson", "type": "Custom",
               "typeProperties": {
                 "command": "cat activity.json; grep -c '\(secret)' activity.json",
                 "extendedProperties": {"apiKey": {"type": "SecureString", "value": "\(secret)"}, "threshold": "0.7"}}}]}}
            """, to: "pipeline.json")
        let store = folder.file("runs.sqlite")
        let result = try commands.pipehost(
            ["run", pipeline, "--plugins", manifest, "--store", store, "--output", "json", "--log-level", "trace"],
            directory: folder.path)
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        let records = try JSONParser.parse(result.standardOutput)
        let activity = try #require(records["activityRuns"]?[0])
        // The command found the value in clear in its activity.json (grep -c printed 1) ...
        // (activity.json ends without a newline, so the count follows its closing brace).
        #expect(activity["output"]?["stdoutTail"]?.stringValue?.hasSuffix("}1") == true, "\(activity)")
        // ... and the host masked it in the input and in the printed file.
        #expect(activity["input"]?["extendedProperties"]?["apiKey"] == ["type": "SecureString", "value": "***"])
        #expect(activity["output"]?["stdoutTail"]?.stringValue?.contains("***") == true)
        #expect(!result.standardOutput.contains(secret) && !result.standardError.contains(secret))

        let runId = try #require(records["pipelineRun"]?["runId"]?.stringValue)
        for command in [["runs", "show", runId], ["runs", "show", runId, "--output", "json"], ["runs", "output", runId, "PrintActivityJson"], ["runs", "list"]] {
            let shown = try commands.pipehost(command + ["--store", store])
            #expect(shown.status == 0, "\(command): \(shown.standardError)")
            #expect(!shown.standardOutput.contains(secret) && !shown.standardError.contains(secret), "\(command)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("runs.sqlite") }
        #expect(files.count >= 1)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.file(file)))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(file)")
        }
    }
}
