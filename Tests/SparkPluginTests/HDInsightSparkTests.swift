import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightSpark` running real Spark jobs (local mode, pyspark 3.5.7 from .pipehost/venv-spark):
    /// Python and jar applications from the job storage, failures with the driver's error, cancellation.
    @Suite("HDInsightSpark on real Spark", .tags(.large), .serialized)
    struct HDInsightSparkTests {
        static let countWords = """
            import sys
            from pyspark import SparkFiles
            from pyspark.sql import SparkSession
            from words import normalise
            spark = SparkSession.builder.getOrCreate()
            source, target = sys.argv[1], sys.argv[2]
            stop = set(open(SparkFiles.get("stopwords.txt")).read().split())
            counts = (spark.sparkContext.textFile(source).flatMap(lambda line: line.split())
                      .map(normalise).filter(lambda word: word not in stop)
                      .map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b).collect())
            with open(target, "w") as out:
                for word, count in sorted(counts):
                    out.write(f"{word},{count}\\n")
            spark.stop()
            """

        /// Writes the word count (`spark/wordcount`: main.py, pyFiles/words.py, files/stopwords.txt)
        /// and its input (`data/in.txt`) into the bed's storage.
        static func writeWordCount(into bed: SparkTestBed) throws {
            try bed.write(countWords, to: "spark/wordcount/main.py")
            try bed.write("def normalise(word):\n    return word.strip('.,').lower()\n", to: "spark/wordcount/pyFiles/words.py")
            try bed.write("the a\n", to: "spark/wordcount/files/stopwords.txt")
            try bed.write("The cat sat.\nThe cat ran, a dog sat.\n", to: "data/in.txt")
        }

        @Test("a Python application with pyFiles, files and arguments reads and writes the storage, and reports ADF's output")
        func pythonApplication() async throws {
            try await SparkTestBed.with { bed in
                try Self.writeWordCount(into: bed)
                let invocation = bed.invocation("HDInsightSpark", [
                    "rootPath": "spark/wordcount", "entryFilePath": "main.py",
                    "arguments": .array([.string(bed.storageRoot + "/data/in.txt"), .string(bed.storageRoot + "/data/counts.csv")]),
                    "sparkConfig": ["spark.executor.memory": "512m", "spark.sql.shuffle.partitions": 2],
                    "sparkJobLinkedService": ["referenceName": .string(SparkTestBed.storageName), "type": "LinkedServiceReference"],
                ])
                let run = await bed.run(invocation)
                let output = try run.requireSucceeded()
                #expect(try bed.read("data/counts.csv") == "cat,2\ndog,1\nran,1\nsat,2\n")
                #expect(output["sparkMaster"] == "local[2]")
                #expect(output["ExecutionProgress"] == "Succeeded")
                #expect(output["clusterInUse"]?.stringValue?.contains("OnDemandCluster") == true)
                let applicationId = try #require(output["applicationId"]?.stringValue)
                #expect(applicationId.hasPrefix("local-"))
                #expect(output["jobId"] == .string(applicationId))
                #expect(output["executionDuration"]?.integerValue ?? -1 >= 0)
                let log = try #require(output["logLocation"]?.stringValue)
                #expect(try String(contentsOfFile: log, encoding: .utf8).contains("Running Spark version 3.5.7"))
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("a jar application compiled with javac runs its className with the arguments")
        func jarApplication() async throws {
            try await SparkTestBed.with { bed in
                let source = """
                    import org.apache.spark.SparkConf;
                    import org.apache.spark.api.java.JavaSparkContext;
                    import java.nio.file.Files;
                    import java.nio.file.Paths;

                    public class LineCount {
                        public static void main(String[] args) throws Exception {
                            JavaSparkContext context = new JavaSparkContext(new SparkConf());
                            long count = context.textFile(args[0]).filter(line -> line.contains(args[1])).count();
                            Files.writeString(Paths.get(args[2]), Long.toString(count));
                            context.stop();
                        }
                    }
                    """
                _ = try JavaJar.build(
                    className: "LineCount", source: source, classpath: SparkTestBed.sparkJars + "/*",
                    in: bed.storageRoot + "/jobs", jarName: "linecount/linecount.jar")
                try bed.write("error one\nfine\nerror two\n", to: "data/log.txt")
                let run = await bed.run(bed.invocation("HDInsightSpark", [
                    "rootPath": "jobs/linecount", "entryFilePath": "linecount.jar", "className": "LineCount",
                    "arguments": .array([.string(bed.storageRoot + "/data/log.txt"), "error", .string(bed.storageRoot + "/data/count.txt")]),
                ]))
                _ = try run.requireSucceeded()
                #expect(try bed.read("data/count.txt") == "2")
            }
        }

        @Test("a failing job fails the activity with 2312 and the driver's error, and getDebugInfo Failure stores its logs")
        func failingJob() async throws {
            try await SparkTestBed.with { bed in
                try bed.write("raise ValueError('the input is not what the job expects')\n", to: "spark/broken/main.py")
                let run = await bed.run(bed.invocation("HDInsightSpark", [
                    "rootPath": "spark/broken", "entryFilePath": "main.py", "getDebugInfo": "Failure",
                ]))
                try run.requireFailed(code: "2312", messageContains: "ValueError: the input is not what the job expects")
                let logs = (try? FileManager.default.subpathsOfDirectory(atPath: bed.storageRoot + "/adfjobs")) ?? []
                #expect(logs.contains { $0.hasSuffix("driver.log") }, "\(logs)")
            }
        }

        @Test("missing rootPath, a missing entry file and an unknown entry kind fail with ADF's codes")
        func invalidInput() async throws {
            try await SparkTestBed.with { bed in
                let missing = await bed.run(bed.invocation("HDInsightSpark", ["entryFilePath": "main.py"]))
                try missing.requireFailed(code: "2103", messageContains: "typeProperties.rootPath")
                let absent = await bed.run(bed.invocation("HDInsightSpark", ["rootPath": "nowhere", "entryFilePath": "main.py"]))
                try absent.requireFailed(code: "2350", messageContains: "nowhere")
                try bed.write("x", to: "spark/odd/main.sh")
                let odd = await bed.run(bed.invocation("HDInsightSpark", ["rootPath": "spark/odd", "entryFilePath": "main.sh"]))
                try odd.requireFailed(code: "2105", messageContains: "typeProperties.entryFilePath")
            }
        }

        @Test("cancelling a running job stops spark-submit, its JVM and its Python workers")
        func cancelStopsTheProcessTree() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(
                    "import time\nfrom pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n"
                        + "spark.sparkContext.parallelize([1], 1).map(lambda x: time.sleep(600)).collect()\n",
                    to: "spark/sleepy/main.py")
                let services = FakeHostServices()
                let invocation = bed.invocation("HDInsightSpark", ["rootPath": "spark/sleepy", "entryFilePath": "main.py"])
                let running = Task { await bed.run(invocation, services: services) }
                // Wait until a Python worker runs the task: then the shell, the JVM, the Python driver and
                // the workers' daemon all live.
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: .seconds(90))
                func workerRuns() -> Bool { bed.jobCommandLines().contains { $0.commandLine.contains("pyspark.daemon") } }
                while !workerRuns(), clock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
                #expect(workerRuns(), "\(bed.jobCommandLines())")
                #expect(bed.jobCommandLines().contains { $0.commandLine.contains("org.apache.spark.deploy.SparkSubmit") })
                services.cancel()
                let run = await running.value
                try run.requireCancelled()
                #expect(bed.jobProcesses().isEmpty, "left behind: \(bed.jobProcesses())")
            }
        }
    }
}

extension SparkTestBed {
    /// Spark's jars, the classpath jar jobs compile against.
    static var sparkJars: String {
        let lib = sparkVenv + "/lib"
        let version = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).first { $0.hasPrefix("python") } ?? "python3"
        return "\(lib)/\(version)/site-packages/pyspark/jars"
    }
}
