import DataPluginCore
import PluginKit

/// ADF's `HDInsightSpark`: a Python file or a jar under `rootPath` of the job storage, with the
/// folder layout HDInsight gives it (`jars/` on the classpath, `pyFiles/` on the Python path,
/// `files/` in the working folder), `arguments`, `className`, `sparkConfig` (→ `--conf`),
/// `proxyUser` and `getDebugInfo` (docs/spark.md).
enum HDInsightSparkActivity {
    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let rootPath = try reader.requiredString("rootPath")
        let entryFilePath = try reader.requiredString("entryFilePath")
        guard !rootPath.isEmpty, !entryFilePath.isEmpty else {
            throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
        }
        let storage = try JobFiles.storage("sparkJobLinkedService", of: context)
        _ = try await JobFiles.fetch(rootPath, from: storage, into: "app", context: context)
        let root = context.folder.path + "/app"
        let entry = root + "/" + StorePathText.trimmed(entryFilePath)
        let application: SparkSubmission.Application
        if entryFilePath.lowercased().hasSuffix(".py") {
            application = .python(file: entry)
        } else if entryFilePath.lowercased().hasSuffix(".jar") {
            application = .jar(file: entry, mainClass: try reader.string("className"))
        } else {
            throw ActivityFailure.invalidProperty(reader.member("entryFilePath"), "expected a .py file or a .jar file")
        }
        var submission = SparkSubmission(
            application: application,
            arguments: try JobFiles.strings(reader.value("arguments"), path: reader.member("arguments")),
            name: context.call.invocation.activityName)
        submission.jars = JobFiles.filesIn(root, "jars")
        submission.pyFiles = JobFiles.filesIn(root, "pyFiles")
        submission.files = JobFiles.filesIn(root, "files")
        submission.proxyUser = try reader.string("proxyUser")
        for (key, value) in try JobFiles.pairs(reader.value("sparkConfig"), path: reader.member("sparkConfig")) {
            submission.configuration.append(.init(key: key, value: value))
        }
        return SparkJob(command: .sparkSubmit(submission), failureCode: SparkErrorCode.sparkJobFailed)
    }
}

/// Store paths as users write them: without leading or trailing slashes.
enum StorePathText {
    static func trimmed(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }
}
