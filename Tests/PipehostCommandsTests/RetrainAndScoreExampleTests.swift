import Foundation
import TestSizeTags
import Testing

/// The README's first command runs `examples/retrain-and-score`; this runs the same factory through
/// the built `pipehost`, with the emulator as its child process, from a copy in a temporary folder so that the
/// repository is left as it was.
@Suite("the retrain-and-score example, end to end", .tags(.large))
struct RetrainAndScoreExampleTests {
    typealias P = PipehostProcess

    @Test("train, update the scoring endpoint, score, log and return the scores' file: every activity succeeds and the scores are written")
    func runsEndToEnd() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("retrain-and-score")
        try FileManager.default.copyItem(
            at: P.repositoryRoot.appendingPathComponent("examples/retrain-and-score"), to: example)

        let result = try P.run(
            [
                "run", "retrain-and-score", "--pipeline", "RetrainAndScore", "--emulator",
                "retrain-and-score/emulator.json",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
            ],
            directory: folder)
        #expect(result.status == 0, "\(result.everything)")
        for activity in ["Train", "UpdateScoringModel", "Score", "LogRun", "ReturnScoredFile"] {
            #expect(
                result.output.split(separator: "\n").contains {
                    $0.hasPrefix(activity + " ") && $0.contains("Succeeded")
                }, "\(activity) did not succeed:\n\(result.output)")
        }
        #expect(result.output.contains("5 succeeded"))

        let runID = try #require(Self.runID(in: result.output))
        let scored = example.appendingPathComponent("storage/mlstorage/energy/output/scored-\(runID).csv")
        #expect(result.output.contains("retrain-and-score/storage/mlstorage/energy/output/scored-\(runID).csv"))
        let lines = try String(contentsOf: scored, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(lines.first?.hasSuffix(",Scored Labels") == true)
        let scoringInput = try String(
            contentsOf: example.appendingPathComponent("storage/mlstorage/energy/input/score.csv"), encoding: .utf8)
        #expect(lines.count == scoringInput.split(whereSeparator: \.isNewline).count, "one scored row per input row")
        #expect(lines.dropFirst().allSatisfy { Double($0.split(separator: ",").last ?? "") != nil })

        let model = example.appendingPathComponent("storage/mlstorage/energy/models/\(runID).ilearner")
        #expect(FileManager.default.fileExists(atPath: model.path))
        let log = try String(contentsOf: folder.appendingPathComponent(".pipehost/run-log.tsv"), encoding: .utf8)
        #expect(log.contains("\t\(runID)\t12\t"), "LogRun recorded the run: \(log)")

        // A rerun from Score starts a new emulator child of its own.
        let rerun = try P.run(
            [
                "runs", "rerun", runID, "--from-activity", "Score", "--emulator", "retrain-and-score/emulator.json",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
            ],
            directory: folder)
        #expect(rerun.status == 0, "\(rerun.everything)")
        for activity in ["Score", "LogRun", "ReturnScoredFile"] {
            #expect(
                rerun.output.split(separator: "\n").contains { $0.hasPrefix(activity + " ") && $0.contains("Succeeded") },
                "\(activity) did not succeed in the rerun:\n\(rerun.output)")
        }
        #expect(rerun.output.contains("Azure ML emulator: http://127.0.0.1:"))
    }

    /// The run id from the summary line `Pipeline '…' Succeeded in …s (run <id>)`.
    static func runID(in output: String) -> String? {
        guard let range = output.range(of: "(run ") else { return nil }
        let id = output[range.upperBound...].prefix { $0 != ")" }
        return id.count == 36 ? String(id) : nil
    }
}
