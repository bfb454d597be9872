import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightMapReduce` running real MapReduce jobs (org.apache.hadoop.mapreduce API, compiled with
    /// javac in the test) on Hadoop's local job runner from the Hadoop 3.3.4 client jars Spark ships.
    @Suite("HDInsightMapReduce on Hadoop's local job runner", .tags(.large), .serialized)
    struct HDInsightMapReduceTests {
        /// A library jar (jarLibs) the job's mapper calls.
        static let tokens = """
            package org.example.text;

            public class Tokens {
                public static String normalise(String token) {
                    return token.replaceAll("[.,]", "").toLowerCase();
                }
            }
            """

        /// WordCount with ToolRunner; the reducer keeps words counted at least `wordcount.minimum`
        /// times (a define), and the mapper fails on the token `poison` to show a failing job.
        static let wordCount = """
            import java.io.IOException;
            import org.apache.hadoop.conf.Configured;
            import org.apache.hadoop.fs.Path;
            import org.apache.hadoop.io.IntWritable;
            import org.apache.hadoop.io.Text;
            import org.apache.hadoop.mapreduce.Job;
            import org.apache.hadoop.mapreduce.Mapper;
            import org.apache.hadoop.mapreduce.Reducer;
            import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
            import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
            import org.apache.hadoop.util.Tool;
            import org.apache.hadoop.util.ToolRunner;
            import org.example.text.Tokens;

            public class WordCount extends Configured implements Tool {
                public static class TokenMapper extends Mapper<Object, Text, Text, IntWritable> {
                    private static final IntWritable ONE = new IntWritable(1);
                    public void map(Object key, Text value, Context context) throws IOException, InterruptedException {
                        for (String token : value.toString().split("\\\\s+")) {
                            if (token.isEmpty()) continue;
                            if (token.equals("poison")) throw new IllegalStateException("poison record at offset " + key);
                            context.write(new Text(Tokens.normalise(token)), ONE);
                        }
                    }
                }

                public static class SumReducer extends Reducer<Text, IntWritable, Text, IntWritable> {
                    public void reduce(Text key, Iterable<IntWritable> values, Context context) throws IOException, InterruptedException {
                        int sum = 0;
                        for (IntWritable value : values) sum += value.get();
                        if (sum >= context.getConfiguration().getInt("wordcount.minimum", 1)) context.write(key, new IntWritable(sum));
                    }
                }

                public int run(String[] args) throws Exception {
                    Job job = Job.getInstance(getConf(), "word count");
                    job.setJarByClass(WordCount.class);
                    job.setMapperClass(TokenMapper.class);
                    job.setReducerClass(SumReducer.class);
                    job.setOutputKeyClass(Text.class);
                    job.setOutputValueClass(IntWritable.class);
                    FileInputFormat.addInputPath(job, new Path(args[0]));
                    FileOutputFormat.setOutputPath(job, new Path(args[1]));
                    return job.waitForCompletion(true) ? 0 : 1;
                }

                public static void main(String[] args) throws Exception {
                    System.exit(ToolRunner.run(new WordCount(), args));
                }
            }
            """

        /// Builds the library jar and the job jar into the storage's `jobs/wordcount/`.
        static func buildJars(_ bed: SparkTestBed) throws {
            let folder = bed.storageRoot + "/jobs/wordcount"
            let library = try JavaJar.build(
                className: "Tokens", source: tokens, classpath: SparkTestBed.sparkJars + "/*", in: folder, jarName: "lib/tokens.jar")
            _ = try JavaJar.build(
                className: "WordCount", source: wordCount, classpath: SparkTestBed.sparkJars + "/*:" + library, in: folder,
                jarName: "wordcount.jar")
        }

        func properties(_ bed: SparkTestBed, input: String, output: String) -> JSONObject {
            [
                "className": "WordCount", "jarFilePath": "jobs/wordcount/wordcount.jar", "jarLibs": ["jobs/wordcount/lib/tokens.jar"],
                "jarLinkedService": ["referenceName": .string(SparkTestBed.storageName), "type": "LinkedServiceReference"],
                "defines": ["mapreduce.job.reduces": "2", "wordcount.minimum": 2],
                "arguments": .array([.string(bed.storageRoot + "/" + input), .string(bed.storageRoot + "/" + output)]),
            ]
        }

        @Test("a WordCount jar with a jarLibs library runs with defines as configuration and writes one part file per reducer")
        func wordCount() async throws {
            try await SparkTestBed.with { bed in
                try Self.buildJars(bed)
                try bed.write("The cat sat.\nthe cat ran, a dog sat\nA bird\n", to: "data/text/in.txt")
                let run = await bed.run(bed.invocation("HDInsightMapReduce", properties(bed, input: "data/text", output: "data/counts")))
                let output = try run.requireSucceeded()
                #expect(output["clusterInUse"]?.stringValue?.contains("OnDemandCluster") == true)
                let files = try FileManager.default.contentsOfDirectory(atPath: bed.storageRoot + "/data/counts").filter { !$0.hasPrefix(".") }
                #expect(files.sorted() == ["_SUCCESS", "part-r-00000", "part-r-00001"])
                let counted = try (bed.read("data/counts/part-r-00000") + bed.read("data/counts/part-r-00001"))
                    .split(separator: "\n").sorted()
                #expect(counted == ["a\t2", "cat\t2", "sat\t2", "the\t2"])
                let log = try #require(output["logLocation"]?.stringValue)
                #expect(try String(contentsOfFile: log, encoding: .utf8).contains("LocalJobRunner"))
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("a job whose mapper throws fails the activity with 2302 and the Java exception")
        func failingJob() async throws {
            try await SparkTestBed.with { bed in
                try Self.buildJars(bed)
                try bed.write("fine words\nthen poison here\n", to: "data/bad/in.txt")
                let run = await bed.run(bed.invocation("HDInsightMapReduce", properties(bed, input: "data/bad", output: "data/none")))
                try run.requireFailed(code: "2302", messageContains: "IllegalStateException: poison record at offset 11")
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("missing className or jarFilePath fail with 2103, a missing jar with 2350")
        func invalidInput() async throws {
            try await SparkTestBed.with { bed in
                let missingClass = await bed.run(bed.invocation("HDInsightMapReduce", ["jarFilePath": "jobs/x.jar"]))
                try missingClass.requireFailed(code: "2103", messageContains: "typeProperties.className")
                let missingJar = await bed.run(bed.invocation("HDInsightMapReduce", ["className": "WordCount"]))
                try missingJar.requireFailed(code: "2103", messageContains: "typeProperties.jarFilePath")
                let absent = await bed.run(bed.invocation("HDInsightMapReduce", ["className": "WordCount", "jarFilePath": "jobs/absent.jar"]))
                try absent.requireFailed(code: "2350", messageContains: "jobs/absent.jar")
            }
        }
    }
}
