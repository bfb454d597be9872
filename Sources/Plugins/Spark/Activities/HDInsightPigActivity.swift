import DataPluginCore
import PluginKit

/// ADF's `HDInsightPig`: a Pig Latin script (`scriptPath` in the script storage) run by an
/// Apache Pig the machine provides (``PigInstallation``): `pig -x local` on a local cluster,
/// `-x mapreduce` on another, with `defines` as `-param NAME=VALUE` and `arguments` passed on
/// before `-f <script>` (docs/spark.md). Without a Pig installation it fails with
/// ``SparkErrorCode/engineNotAvailable``, saying where pipehost looked.
enum HDInsightPigActivity {
    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let scriptPath = try reader.requiredString("scriptPath")
        guard !StorePathText.trimmed(scriptPath).isEmpty else {
            throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
        }
        let defines = try JobFiles.pairs(reader.value("defines"), path: reader.member("defines"))
        let arguments = try JobFiles.strings(reader.value("arguments"), path: reader.member("arguments"))
        for (index, element) in (try reader.array("storageLinkedServices") ?? []).enumerated()
        where element["referenceName"]?.stringValue == nil {
            throw ActivityFailure.wrongPropertyType(
                "\(reader.member("storageLinkedServices"))[\(index)]", "expected a LinkedServiceReference, found \(element.typeName)")
        }
        let pig = try PigInstallation.locate(context.settings)
        let storage = try JobFiles.storage("scriptLinkedService", of: context)
        let files = try await JobFiles.fetch(scriptPath, from: storage, into: "script", context: context)
        guard files.count == 1, let script = files.first else {
            throw ActivityFailure.userError(
                "Failed to prepare the files for the run: '\(scriptPath)' is a folder of \(files.count) files; scriptPath "
                    + "names one Pig Latin file.", code: SparkErrorCode.filePreparationFailed)
        }
        let mode = context.cluster.master.hasPrefix("local") ? "local" : "mapreduce"
        var command = [pig.executable, "-x", mode]
        for (name, value) in defines { command += ["-param", "\(name)=\(value)"] }
        command += arguments + ["-f", script]
        var environment = ["PIG_HOME": pig.home]
        if let java = context.settings.javaHome { environment["JAVA_HOME"] = java }
        return SparkJob(command: .program(command), failureCode: SparkErrorCode.hadoopJobFailed, environment: environment)
    }
}
