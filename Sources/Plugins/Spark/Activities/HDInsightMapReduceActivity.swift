import DataPluginCore
import Foundation
import PluginKit

/// ADF's `HDInsightMapReduce`: the main class `className` of the jar at `jarFilePath` (from
/// `jarLinkedService`), with `jarLibs` on the classpath, run as `hadoop jar` runs it, on the
/// Hadoop 3.3.4 client that Spark ships (`hadoop-client-api`/`-runtime` in Spark's `jars/`), whose
/// `LocalJobRunner` runs the MapReduce job in the same JVM. `defines` go in front of `arguments`
/// as `-D name=value` (what `GenericOptionsParser`, so `ToolRunner`, reads) and into the job's
/// `core-site.xml`, so a main that builds its `Configuration` by hand gets them too
/// (docs/spark-notes-streaming.md, "HDInsightMapReduce").
enum HDInsightMapReduceActivity {
    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let className = try reader.requiredString("className")
        guard !className.isEmpty, !className.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ActivityFailure.invalidProperty(reader.member("className"), "expected a Java class name such as 'org.example.WordCount'")
        }
        let jarFilePath = try reader.requiredString("jarFilePath")
        guard !jarFilePath.isEmpty else {
            throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
        }
        let libraries = try JobFiles.strings(reader.value("jarLibs"), path: reader.member("jarLibs"))
        let defines = try JobFiles.pairs(reader.value("defines"), path: reader.member("defines"))
        let arguments = try JobFiles.strings(reader.value("arguments"), path: reader.member("arguments"))
        let installation = try context.installation()

        let storage = try JobFiles.storage("jarLinkedService", of: context)
        let jars = try await JobFiles.fetch(jarFilePath, from: storage, into: "jar", context: context)
        guard jars.count == 1, let jar = jars.first else {
            throw ActivityFailure.invalidProperty(reader.member("jarFilePath"), "expected one jar file, found a folder of \(jars.count) files")
        }
        var classpath = [context.folder.path + "/conf", jar]
        for (index, library) in libraries.enumerated() {
            guard !library.isEmpty else {
                throw ActivityFailure.invalidProperty("\(reader.member("jarLibs"))[\(index)]", "expected the path of a jar")
            }
            classpath += try await JobFiles.fetch(library, from: storage, into: "libs", context: context)
        }
        classpath.append(installation.jars + "/*")

        try writeConfiguration(defines, folder: context.folder)
        let java = installation.javaHome.map { $0 + "/bin/java" } ?? "java"
        var command = [java, "-cp", classpath.joined(separator: ":"), className]
        for (name, value) in defines { command += ["-D", "\(name)=\(value)"] }
        command += arguments
        return SparkJob(command: .program(command), failureCode: SparkErrorCode.hadoopJobFailed)
    }

    /// `conf/core-site.xml` (the defines, local job runner and temporary folder inside the job
    /// folder) and `conf/log4j2.properties` (Hadoop's progress and counters in the driver log).
    private static func writeConfiguration(_ defines: [(String, String)], folder: JobFolder) throws(ActivityFailure) {
        var properties = [("mapreduce.framework.name", "local"), ("hadoop.tmp.dir", folder.path + "/hadoop-tmp")]
        for (name, value) in defines {
            properties.removeAll { $0.0 == name }
            properties.append((name, value))
        }
        var site = "<?xml version=\"1.0\"?>\n<configuration>\n"
        for (name, value) in properties {
            site += "  <property><name>\(xmlEscaped(name))</name><value>\(xmlEscaped(value))</value></property>\n"
        }
        site += "</configuration>\n"
        let logging = """
            rootLogger.level = info
            rootLogger.appenderRef.stderr.ref = console
            appender.console.type = Console
            appender.console.name = console
            appender.console.target = SYSTEM_ERR
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n

            """
        let conf = folder.path + "/conf"
        do {
            try FileManager.default.createDirectory(atPath: conf, withIntermediateDirectories: true)
            try Data(site.utf8).write(to: URL(fileURLWithPath: conf + "/core-site.xml"))
            try Data(logging.utf8).write(to: URL(fileURLWithPath: conf + "/log4j2.properties"))
        } catch {
            throw ActivityFailure.systemError(
                "Could not write the job's Hadoop configuration in '\(conf)': \(error.localizedDescription)",
                code: SparkErrorCode.filePreparationFailed)
        }
    }

    private static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
