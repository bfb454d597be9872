import Foundation
import PipehostJSON

/// The jar application the cluster tests submit, compiled with javac in the test: it counts the
/// lines of `args[0]` that contain "error" and writes the count and its application id to
/// `args[1]`. Optional: `args[2]` a file to wait for before counting (a job that runs until the
/// test releases it), `args[3]` a file it appends "ran" to as it starts (how often it ran). An
/// input named `fail` throws instead.
enum ClusterJobs {
    static let className = "ErrorLines"
    static let source = """
        import org.apache.spark.SparkConf;
        import org.apache.spark.api.java.JavaSparkContext;
        import java.nio.file.Files;
        import java.nio.file.Paths;
        import java.nio.file.StandardOpenOption;

        public class ErrorLines {
            public static void main(String[] args) throws Exception {
                JavaSparkContext context = new JavaSparkContext(new SparkConf());
                if (args.length > 3 && !args[3].isEmpty()) {
                    Files.writeString(Paths.get(args[3]), "ran\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                if (args.length > 2 && !args[2].isEmpty()) {
                    while (!Files.exists(Paths.get(args[2]))) Thread.sleep(100);
                }
                if (args[0].equals("fail")) throw new IllegalStateException("the input is not what the job expects");
                long count = context.textFile(args[0]).filter(line -> line.contains("error")).count();
                Files.writeString(Paths.get(args[1]), count + " " + context.sc().applicationId());
                context.stop();
            }
        }
        """

    /// Builds the jar into the bed's storage (`jobs/errorlines/errorlines.jar`) and writes its input.
    static func prepare(_ bed: SparkTestBed) throws {
        _ = try JavaJar.build(
            className: className, source: source, classpath: SparkTestBed.sparkJars + "/*",
            in: bed.storageRoot + "/jobs", jarName: "errorlines/errorlines.jar")
        try bed.write("error one\nfine\nerror two\nerror three\n", to: "data/log.txt")
    }

    /// The `HDInsightSpark` typeProperties that run it on the bed's data.
    static func typeProperties(
        _ bed: SparkTestBed, input: String? = nil, output: String = "data/count.txt", waitFor: String = "", ranLog: String = ""
    ) -> JSONObject {
        [
            "rootPath": "jobs/errorlines", "entryFilePath": "errorlines.jar", "className": .string(className),
            "arguments": .array([
                .string(input ?? bed.storageRoot + "/data/log.txt"), .string(bed.storageRoot + "/" + output), .string(waitFor),
                .string(ranLog),
            ]),
        ]
    }
}
