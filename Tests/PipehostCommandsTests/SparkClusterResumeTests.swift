import Foundation
import LiveProcesses
import PipehostJSON
import TestSizeTags
import Testing

/// The whole program with the Spark plugin: `pipehost run --store` submits a jar in cluster deploy
/// mode to an `HDInsightOnDemand` standalone cluster it starts, is killed with SIGKILL while the
/// driver runs on a worker, and `pipehost runs resume` polls the same submission to its end.
@Suite("Spark cluster-mode job across a killed host", .tags(.large), .serialized)
struct SparkClusterResumeTests {
    typealias P = PipehostProcess
    typealias S = RunHistoryScenario

    static let source = """
        import org.apache.spark.SparkConf;
        import org.apache.spark.api.java.JavaSparkContext;
        import java.nio.file.Files;
        import java.nio.file.Paths;
        import java.nio.file.StandardOpenOption;

        public class WaitAndSum {
            public static void main(String[] args) throws Exception {
                JavaSparkContext context = new JavaSparkContext(new SparkConf());
                Files.writeString(Paths.get(args[0]), "ran\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                while (!Files.exists(Paths.get(args[1]))) Thread.sleep(100);
                long sum = context.parallelize(java.util.Arrays.asList(1, 2, 3, 4), 2).reduce((a, b) -> a + b);
                Files.writeString(Paths.get(args[2]), sum + " " + context.sc().applicationId());
                context.stop();
            }
        }
        """

    @Test("a host killed during a cluster-mode job resumes polling it: the driver runs once, and the cluster is stopped after")
    func killAndResumeClusterMode() throws {
        let scenario = try S(activities: [])
        defer { scenario.remove() }
        let root = scenario.folder.path
        let factory = root + "/factory"
        let storage = root + "/storage"
        let work = root + "/spark-work"
        for folder in [factory + "/pipeline", factory + "/linkedService", storage + "/jobs/waitandsum", work] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let sparkHome = P.repositoryRoot.path + "/.pipehost/venv-spark"
        try Self.buildJar(into: storage + "/jobs/waitandsum/waitandsum.jar", work: root + "/java", sparkHome: sparkHome)

        let ranLog = storage + "/ran.log"
        let release = storage + "/release"
        let result = storage + "/sum.txt"
        let pipeline: JSONValue = [
            "name": "clustered",
            "properties": ["activities": [
                [
                    "name": "Sum", "type": "HDInsightSpark",
                    "linkedServiceName": ["referenceName": "OnDemandSpark", "type": "LinkedServiceReference"],
                    "typeProperties": [
                        "rootPath": "jobs/waitandsum", "entryFilePath": "waitandsum.jar", "className": "WaitAndSum",
                        "arguments": [.string(ranLog), .string(release), .string(result)],
                    ],
                ],
            ]],
        ]
        let onDemand: JSONValue = [
            "name": "OnDemandSpark",
            "properties": ["type": "HDInsightOnDemand", "typeProperties": [
                "clusterSize": 2, "timeToLive": "00:05:00", "version": "5.1", "deployMode": "cluster",
                "linkedServiceName": ["referenceName": "JobStorage", "type": "LinkedServiceReference"],
            ]],
        ]
        let jobStorage: JSONValue = [
            "name": "JobStorage", "properties": ["type": "FileServer", "typeProperties": ["host": .string(storage)]],
        ]
        try Self.write(pipeline, to: factory + "/pipeline/clustered.json")
        try Self.write(onDemand, to: factory + "/linkedService/OnDemandSpark.json")
        try Self.write(jobStorage, to: factory + "/linkedService/JobStorage.json")
        let library = P.executable.deletingLastPathComponent().appendingPathComponent("libSparkPlugin.so").path
        let manifest: JSONValue = [
            "version": 1,
            "plugins": [["path": .string(library), "settings": ["workFolder": .string(work), "sparkHome": .string(sparkHome)]]],
        ]
        try Self.write(manifest, to: root + "/plugins.json")

        let host = try P.start(["run", factory + "/pipeline/clustered.json", "--store", scenario.store, "--plugins", root + "/plugins.json"])
        // Wait until the driver runs on a worker and the run records the attempt InProgress.
        var runId: String?
        try scenario.waitUntil(seconds: 180) {
            guard FileManager.default.fileExists(atPath: ranLog), let id = S.runId(in: host.errorSoFar) else { return false }
            runId = id
            let shown = try? P.run(["runs", "show", id, "--store", scenario.store, "--output", "json"]).json()
            return (shown?["activityRuns"]?.arrayValue ?? []).contains { $0["status"] == "InProgress" }
        }
        Thread.sleep(forTimeInterval: 1)  // a poll or two after the submission: the saved state names it
        kill(host.process.processIdentifier, SIGKILL)
        let killed = host.finish()
        #expect(killed.status == SIGKILL)
        let id = try #require(runId)
        #expect(!Self.clusterProcesses(work).isEmpty, "the cluster outlives the killed host")

        try Data().write(to: URL(fileURLWithPath: release))
        let resumed = try P.run(["runs", "resume", id, "--store", scenario.store, "--output", "json"])
        #expect(resumed.status == 0, "\(resumed.everything)")
        let runs = try resumed.json()["activityRuns"]?.arrayValue ?? []
        let last = try #require(runs.last)
        #expect(last["status"] == "Succeeded", "\(runs)")
        #expect(last["output"]?["submissionId"]?.stringValue?.hasPrefix("driver-") == true)
        let written = try String(contentsOfFile: result, encoding: .utf8)
        #expect(written.hasPrefix("10 app-"), "\(written)")
        #expect(try String(contentsOfFile: ranLog, encoding: .utf8) == "ran\n", "the driver ran once")
        // The resuming host adopted the cluster and stopped it at its end.
        #expect(Self.clusterProcesses(work).isEmpty, "left behind: \(Self.clusterProcesses(work))")
    }

    static func write(_ value: JSONValue, to path: String) throws {
        try Data(JSONSerializer.serialize(value, options: .pretty).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Processes whose environment names a cluster folder under `work`, zombies left out.
    static func clusterProcesses(_ work: String) -> [Int32] {
        LiveProcesses.marked("PIPEHOST_SPARK_CLUSTER=\(work)/").map(\.pid)
    }

    /// Compiles ``source`` with javac against Spark's jars and packs it with `jar`.
    static func buildJar(into jar: String, work: String, sparkHome: String) throws {
        let lib = sparkHome + "/lib"
        let version = try FileManager.default.contentsOfDirectory(atPath: lib).first { $0.hasPrefix("python") } ?? "python3"
        let jars = "\(lib)/\(version)/site-packages/pyspark/jars/*"
        try FileManager.default.createDirectory(atPath: work + "/classes", withIntermediateDirectories: true)
        try Data(source.utf8).write(to: URL(fileURLWithPath: work + "/WaitAndSum.java"))
        for arguments in [["javac", "-cp", jars, "-d", work + "/classes", work + "/WaitAndSum.java"], ["jar", "cf", jar, "-C", work + "/classes", "."]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw JarBuildFailed(command: arguments.joined(separator: " ")) }
        }
    }
}

struct JarBuildFailed: Error {
    var command: String
}

extension RunHistoryScenario {
    /// Waits until `condition` holds, checking every 100 ms for at most `seconds`.
    func waitUntil(seconds: Int, _ condition: () -> Bool) throws {
        for _ in 0..<(seconds * 10) {
            if condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ScenarioError.neverHappened
    }
}
