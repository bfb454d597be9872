import Foundation
import LiveProcesses
import TestSizeTags
import Testing

/// `examples/spark-predictive` through the built `pipehost`, with the emulator as its child process
/// and real Spark (scripts/install-spark's .pipehost/venv-spark, named by SPARK_HOME since the copy
/// runs in a temporary folder): Spark, Azure ML and the stored procedure plugin in one pipeline.
@Suite("the spark-predictive example, end to end", .tags(.large))
struct SparkPredictiveExampleTests {
    typealias P = PipehostProcess

    @Test("prepare features on Spark, train, install and score on Azure ML, aggregate on Spark, log: every activity succeeds")
    func runsEndToEnd() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("examples/spark-predictive")
        try FileManager.default.createDirectory(at: example.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: P.repositoryRoot.appendingPathComponent("examples/spark-predictive"), to: example)

        let result = try P.run(
            [
                "run", "examples/spark-predictive", "--pipeline", "PredictEnergy", "--emulator",
                "examples/spark-predictive/emulator.json",
                "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
            ],
            environment: ["SPARK_HOME": P.repositoryRoot.appendingPathComponent(".pipehost/venv-spark").path],
            directory: folder)
        #expect(result.status == 0, "\(result.everything)")
        for activity in ["PrepareFeatures", "Train", "UpdateScoringModel", "Score", "AggregateScores", "LogRun"] {
            #expect(
                result.output.split(separator: "\n").contains { $0.hasPrefix(activity + " ") && $0.contains("Succeeded") },
                "\(activity) did not succeed:\n\(result.output)")
        }
        let runID = try #require(RetrainAndScoreExampleTests.runID(in: result.output))
        let storage = example.appendingPathComponent("storage/mlstorage/energy")

        // Spark's features: the three impossible readings dropped, Celsius, the Azure ML columns.
        let train = try String(contentsOf: storage.appendingPathComponent("input/train.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        #expect(train.first == "temperature,humidity,occupancy,energy_kwh")
        #expect(train.count == 1 + 8 * 6 * 6)
        let score = try String(contentsOf: storage.appendingPathComponent("input/score.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        #expect(score.count == 1 + 2 * 6 * 6)

        // Azure ML scored Spark's rows; Spark summed the scores per building and day.
        let scored = try String(contentsOf: storage.appendingPathComponent("output/scored-\(runID).csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        #expect(scored.count == score.count && scored.first?.hasSuffix(",Scored Labels") == true)
        let summary = try String(contentsOf: storage.appendingPathComponent("summary/summary-\(runID).csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        #expect(summary.first == "building,day,readings,predicted_kwh,peak_kwh")
        #expect(summary.count == 1 + 6 * 2, "6 buildings × 2 days: \(summary)")
        #expect(summary.dropFirst().allSatisfy { $0.split(separator: ",")[2] == "6" })
        let log = try String(contentsOf: folder.appendingPathComponent(".pipehost/run-log.tsv"), encoding: .utf8)
        #expect(log.contains("\t\(runID)\t72\t"), "LogRun recorded the run: \(log)")
    }
}

/// A Spark activity's `policy.timeout` through the whole host: the attempt times out, the plugin
/// stops the job's process group, and no process of the job is left once `pipehost run` returns.
@Suite("a Spark job past its activity timeout", .tags(.large))
struct SparkTimeoutTests {
    typealias P = PipehostProcess

    @Test("the activity fails with ActivityTimedOut and leaves no JVM or Python worker behind")
    func timeoutStopsTheJob() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let factory = folder.appendingPathComponent("factory")
        let store = factory.appendingPathComponent("store/job")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: factory.appendingPathComponent("pipeline"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: factory.appendingPathComponent("linkedService"), withIntermediateDirectories: true)
        try """
            import time
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.getOrCreate()
            spark.sparkContext.parallelize([1], 1).map(lambda x: time.sleep(600)).collect()
            """.write(to: store.appendingPathComponent("main.py"), atomically: true, encoding: .utf8)
        try """
            {"name": "Store", "properties": {"type": "FileServer", "typeProperties": {"host": "\(factory.path)/store"}}}
            """.write(to: factory.appendingPathComponent("linkedService/Store.json"), atomically: true, encoding: .utf8)
        try """
            {"name": "Sleepy", "properties": {"activities": [{"name": "Sleep", "type": "HDInsightSpark",
              "policy": {"timeout": "0.00:00:25", "retry": 0},
              "typeProperties": {"rootPath": "job", "entryFilePath": "main.py",
                "sparkJobLinkedService": {"referenceName": "Store", "type": "LinkedServiceReference"}}}]}}
            """.write(to: factory.appendingPathComponent("pipeline/Sleepy.json"), atomically: true, encoding: .utf8)
        let work = folder.appendingPathComponent("spark").path
        let plugins = folder.appendingPathComponent("plugins.json")
        let library = P.executable.deletingLastPathComponent().appendingPathComponent("libSparkPlugin.so").path
        let venv = P.repositoryRoot.appendingPathComponent(".pipehost/venv-spark").path
        try """
            {"version": 1, "plugins": [{"path": "\(library)", "settings": {"sparkHome": "\(venv)", "workFolder": "\(work)", "localCores": 1}}]}
            """.write(to: plugins, atomically: true, encoding: .utf8)

        let result = try P.run(["run", factory.path, "--pipeline", "Sleepy", "--plugins", plugins.path], directory: folder)
        #expect(result.status == 1, "\(result.everything)")
        #expect(result.everything.contains("ActivityTimedOut"), "\(result.everything)")
        // The job had started its task (in a Python worker) before the timeout: its driver log says so.
        let logs = (FileManager.default.enumerator(atPath: work + "/jobs")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix("driver.log") }
        let log = try String(contentsOfFile: work + "/jobs/" + (try #require(logs.first)), encoding: .utf8)
        #expect(log.contains("Running task 0.0 in stage 0.0"), "\(log.suffix(2_000))")
        #expect(Self.processes(of: work).isEmpty, "left behind: \(Self.processes(of: work))")
    }

    /// The processes whose environment names a job folder under `work` (zombies left out).
    static func processes(of work: String) -> [String] {
        LiveProcesses.marked("PIPEHOST_SPARK_JOB=" + work).map(\.description)
    }
}
