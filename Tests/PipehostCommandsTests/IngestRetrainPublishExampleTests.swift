import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `scripts/demo` runs `examples/retrain-and-score`'s IngestRetrainPublish: every data activity of
/// the example in one pipeline, against the emulator's blob storage, the test PostgreSQL cluster
/// (as the factory's Key Vault secret) and a landing folder. Run from a copy in a temporary folder,
/// laid out as the repository is (`examples/retrain-and-score`), since the landing folder's `host`
/// is relative to the folder pipehost runs in.
@Suite("the IngestRetrainPublish example, end to end", .tags(.large))
struct IngestRetrainPublishExampleTests {
    typealias P = PipehostProcess

    @Test("land, check, retrain, publish and clean up: every activity succeeds, the warehouse holds one row per scored row")
    func runsEndToEnd() throws {
        guard let warehouse = ProcessInfo.processInfo.environment["PIPEHOST_TEST_POSTGRES_URL"], !warehouse.isEmpty else {
            Issue.record("PIPEHOST_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL cluster")
            return
        }
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = folder.appendingPathComponent("examples")
        try FileManager.default.createDirectory(at: examples, withIntermediateDirectories: true)
        let example = examples.appendingPathComponent("retrain-and-score")
        try FileManager.default.copyItem(at: P.repositoryRoot.appendingPathComponent("examples/retrain-and-score"), to: example)
        // A table left by an earlier run in the same cluster must not count.
        _ = try Self.psql(warehouse, "DROP TABLE IF EXISTS public.energy_scores; DROP TABLE IF EXISTS public.energy_control")

        let result = try P.run(
            [
                "run", "examples/retrain-and-score", "--pipeline", "IngestRetrainPublish",
                "--emulator", "examples/retrain-and-score/emulator.json",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path, "--output", "json",
            ],
            environment: ["PIPEHOST_SECRET_PIPEHOST_EXAMPLE__WAREHOUSE_CONNECTION": warehouse],
            directory: folder)
        #expect(result.status == 0, "\(result.everything)")
        #expect(!result.everything.contains(warehouse), "the connection string is a secret")
        let run = try JSONParser.parse(Array(result.output.utf8))
        #expect(run["pipelineRun"]?["status"] == "Succeeded", "\(result.everything)")
        let activities = run["activityRuns"]?.arrayValue ?? []
        func output(_ name: String) -> JSONValue? {
            activities.first { $0["activityName"]?.stringValue == name && $0["pipelineName"] == "IngestRetrainPublish" }?["output"]
        }
        for name in [
            "PrepareWarehouse", "ReadControl", "StopWhenDisabled", "WaitForLanding", "LandTrainingData", "CheckTrainingData",
            "EnoughRows", "RetrainAndScore", "PublishScores", "SummarizeScores", "ListScoringEndpoints", "RemoveLandedCopy",
        ] {
            let status = activities.first { $0["activityName"]?.stringValue == name }?["status"]
            #expect(status == "Succeeded", "\(name): \(String(describing: status))")
        }
        #expect(output("ReadControl")?["firstRow"] == ["dataset": "energy", "enabled": true, "minimum_rows": 100])
        let trainingRows = try String(
            contentsOf: example.appendingPathComponent("landing/energy/train.csv"), encoding: .utf8
        ).split(whereSeparator: \.isNewline).count - 1
        #expect(output("LandTrainingData")?["rowsCopied"] == .integer(Int64(trainingRows)))
        #expect(output("CheckTrainingData")?["exists"] == true)
        #expect(output("CheckTrainingData")?["columnCount"] == 4)

        let scoringRows = try String(
            contentsOf: example.appendingPathComponent("storage/mlstorage/energy/input/score.csv"), encoding: .utf8
        ).split(whereSeparator: \.isNewline).count - 1
        #expect(output("PublishScores")?["rowsCopied"] == .integer(Int64(scoringRows)))
        #expect(output("SummarizeScores")?["resultSets"]?[0]?["rows"]?[0]?["scored_rows"] == .integer(Int64(scoringRows)))
        // Checked outside pipehost too.
        #expect(try Self.psql(warehouse, "SELECT count(*) FROM public.energy_scores") == "\(scoringRows)")
        // The landed copy is gone from the storage account once the scores are published.
        let landed = example.appendingPathComponent("storage/mlstorage/energy/landed")
        let left = (try? FileManager.default.subpathsOfDirectory(atPath: landed.path))?.filter { $0.hasSuffix(".csv") } ?? []
        #expect(left.isEmpty, "\(left)")
    }

    /// Runs `sql` with psql and returns its unaligned, tuples-only output.
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PsqlFailed(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct PsqlFailed: Error { var status: Int32 }
}
