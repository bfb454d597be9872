import DataPluginCore
import Foundation
import PluginKit

/// ADF's `HDInsightHive`: a HiveQL script (`scriptPath` in the script storage, or an inline
/// `script`) run by Spark SQL with Hive support on the plugin's persistent metastore
/// (``HiveMetastore``), through the ``HiveDriver`` program. `defines` and `-hiveconf` arguments are
/// Hive settings (`${hiveconf:x}`), `variables` and `-hivevar`/`-d` arguments Hive variables
/// (`${hivevar:x}`, `${x}`); `queryTimeout` (minutes) stops the script; `storageLinkedServices`
/// and `getDebugInfo` as for every HDInsight activity (docs/spark.md).
enum HDInsightHiveActivity {
    /// The longest `queryTimeout`, in minutes: ADF's longest activity timeout, 7 days.
    static let longestQueryTimeout = 7 * 24 * 60

    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let scriptPath = try reader.string("scriptPath")
        let inlineScript = try reader.string("script")
        if scriptPath != nil, inlineScript != nil {
            throw ActivityFailure.invalidProperty(
                reader.member("script"), "give the HiveQL either in scriptPath (a file in the script storage) or inline in script, not both")
        }
        let arguments = try HiveArguments.parse(
            JobFiles.strings(reader.value("arguments"), path: reader.member("arguments")), path: reader.member("arguments"))
        let defines = try JobFiles.pairs(reader.value("defines"), path: reader.member("defines"))
        let variables = try JobFiles.pairs(reader.value("variables"), path: reader.member("variables"))
        let queryTimeout = try reader.integer("queryTimeout", in: 1...longestQueryTimeout)
        try checkReferences(reader, "storageLinkedServices")
        let metastore = HiveMetastore(workRoot: context.workRoot)
        try metastore.refuseManaged(defines, path: reader.member("defines"))
        try metastore.refuseManaged(arguments.hiveconf.map { ($0.name, $0.value) }, path: reader.member("arguments"))

        let script: String
        if let inlineScript {
            script = try write(inlineScript, to: "script/inline.hql", in: context.folder)
        } else if let scriptPath {
            script = try await fetchScript(scriptPath, context: context)
        } else {
            throw ActivityFailure.userError(
                "Please provide value for the required property '\(reader.member("scriptPath"))' (or the HiveQL inline in "
                    + "'\(reader.member("script"))').", code: ActivityErrorCode.missingRequiredProperty)
        }

        let hiveconf = defines + arguments.hiveconf.map { ($0.name, $0.value) }
        let hivevar = variables + arguments.hivevar.map { ($0.name, $0.value) }
        var spec = JSONObject()
        spec["script"] = .string(script)
        spec["hiveconf"] = .array(hiveconf.map { .array([.string($0.0), .string($0.1)]) })
        spec["hivevar"] = .array(hivevar.map { .array([.string($0.0), .string($0.1)]) })
        spec["lockFile"] = .string(metastore.lockFile)
        if let database = arguments.database { spec["database"] = .string(database) }
        if let queryTimeout { spec["queryTimeoutMinutes"] = .integer(Int64(queryTimeout)) }
        let specFile = try write(JSONSerializer.serialize(.object(spec)), to: "hive-job.json", in: context.folder)
        let driver = try write(HiveDriver.source, to: HiveDriver.fileName, in: context.folder)

        var submission = SparkSubmission(
            application: .python(file: driver), arguments: [specFile], name: context.call.invocation.activityName)
        submission.configuration = metastore.configuration
        // Derby writes its log to the working folder (the folder pipehost runs in) unless told otherwise.
        submission.setDefault(
            "spark.driver.extraJavaOptions", "-Dderby.stream.error.file=" + context.folder.path + "/derby.log")
        return SparkJob(command: .sparkSubmit(submission), failureCode: SparkErrorCode.hadoopJobFailed)
    }

    /// The script at `path` of the script storage (`scriptLinkedService`, else the cluster's),
    /// or a local file when there is no storage; failures are ADF's 2345.
    private static func fetchScript(_ path: String, context: JobContext) async throws(ActivityFailure) -> String {
        func unreadable(_ reason: String) -> ActivityFailure {
            ActivityFailure.userError(
                "Failed to read the content of the hive script. Error: '\(reason)'", code: SparkErrorCode.scriptReadFailed)
        }
        guard !StorePathText.trimmed(path).isEmpty else { throw unreadable("typeProperties.scriptPath is empty") }
        let storage = try JobFiles.storage("scriptLinkedService", of: context)
        let files: [String]
        do {
            files = try await JobFiles.fetch(path, from: storage, into: "script", context: context, code: SparkErrorCode.scriptReadFailed)
        } catch {
            throw unreadable(error.message)
        }
        guard files.count == 1, let file = files.first else {
            throw unreadable("'\(path)' is a folder of \(files.count) files; scriptPath names one HiveQL file")
        }
        guard let data = FileManager.default.contents(atPath: file), String(data: data, encoding: .utf8) != nil else {
            throw unreadable("'\(path)' is not UTF-8 text")
        }
        return file
    }

    /// Checks that `key`, when given, is an array of linked service references.
    private static func checkReferences(_ reader: PropertyReader, _ key: String) throws(ActivityFailure) {
        for (index, element) in (try reader.array(key) ?? []).enumerated() where element["referenceName"]?.stringValue == nil {
            throw ActivityFailure.wrongPropertyType(
                "\(reader.member(key))[\(index)]", "expected a LinkedServiceReference ({\"referenceName\": …}), found \(element.typeName)")
        }
    }

    private static func write(_ text: String, to relative: String, in folder: JobFolder) throws(ActivityFailure) -> String {
        let path = folder.path + "/" + relative
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ActivityFailure.systemError(
                "Could not write '\(path)' into the job folder: \(error.localizedDescription)", code: SparkErrorCode.filePreparationFailed)
        }
        return path
    }
}
