import DataPluginCore
import PluginKit

/// ADF's Databricks activities on local Spark (or the cluster `sparkMaster` names):
/// `DatabricksNotebook` runs a notebook exported from the workspace with `baseParameters` as
/// widgets and its `dbutils.notebook.exit` value as `runOutput`; `DatabricksSparkPython` and
/// `DatabricksSparkJar` submit a DBFS file. Failures are ADF's 3204 ("Job execution failed").
enum DatabricksActivities {
    static func notebook(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let path = try required(reader, "notebookPath", field: "settings.task.notebook_task.notebook_path")
        let workspace = try DatabricksWorkspace(context.call.invocation.linkedService, workRoot: context.workRoot)
        var parameters = JSONObject()
        for (name, value) in try reader.object("baseParameters").object {
            guard let text = JobFiles.scalarText(value) else {
                throw ActivityFailure.userError(
                    "Could not parse request object: Expected 'key' and 'value' to be set for JSON map field "
                        + "base_parameters, got 'key: \"\(name)\"' instead.",
                    code: SparkErrorCode.databricksBadAuthoring)
            }
            parameters[name] = .string(text)
        }
        var submission = try NotebookJob.submission(
            notebook: path, parameters: parameters, flavor: .databricks,
            workspaceFolder: try workspace.requireWorkspaceFolder(), dbfsRoot: workspace.dbfsRoot, context: context)
        return try job(submission: &submission, reader: reader, workspace: workspace, context: context)
    }

    static func python(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let workspace = try DatabricksWorkspace(context.call.invocation.linkedService, workRoot: context.workRoot)
        let file = try required(reader, "pythonFile", field: "settings.task.spark_python_task.python_file")
        guard file.hasPrefix("dbfs:/") || file.hasPrefix("/") || file.hasPrefix("file:") else {
            throw ActivityFailure.userError(
                "Invalid Python file URI: \(file). Please visit Databricks user guide for supported URI schemes.",
                code: SparkErrorCode.databricksBadAuthoring)
        }
        var submission = SparkSubmission(
            application: .python(file: workspace.localPath(file)),
            arguments: try JobFiles.strings(reader.value("parameters"), path: reader.member("parameters")),
            name: context.call.invocation.activityName)
        return try job(submission: &submission, reader: reader, workspace: workspace, context: context)
    }

    static func jar(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let workspace = try DatabricksWorkspace(context.call.invocation.linkedService, workRoot: context.workRoot)
        let mainClass = try required(reader, "mainClassName", field: "settings.task.spark_jar_task.main_class_name")
        var submission = SparkSubmission(
            application: .jar(file: "", mainClass: mainClass),
            arguments: try JobFiles.strings(reader.value("parameters"), path: reader.member("parameters")),
            name: context.call.invocation.activityName)
        var result = try job(submission: &submission, reader: reader, workspace: workspace, context: context)
        // The main class lives in one of the jar libraries: the first is the application, the rest the classpath.
        guard case .sparkSubmit(var built) = result.command, let first = built.jars.first else {
            throw ActivityFailure.userError(
                "The DatabricksSparkJar activity names no jar library: add {\"jar\": \"dbfs:/…\"} to typeProperties.libraries "
                    + "with the jar that holds \(mainClass).",
                code: SparkErrorCode.databricksBadAuthoring)
        }
        built.application = .jar(file: first, mainClass: mainClass)
        built.jars.removeFirst()
        result.command = .sparkSubmit(built)
        return result
    }

    /// The non-empty string property `name`, or Databricks' own error naming its request `field`.
    private static func required(_ reader: PropertyReader, _ name: String, field: String) throws(ActivityFailure) -> String {
        guard let value = try reader.string(name), !value.isEmpty else {
            throw ActivityFailure.userError("Missing required field: \(field).", code: SparkErrorCode.databricksBadAuthoring)
        }
        return value
    }

    /// The job of `submission` with the activity's libraries and the linked service's cluster settings.
    private static func job(
        submission: inout SparkSubmission, reader: PropertyReader, workspace: DatabricksWorkspace, context: JobContext
    ) throws(ActivityFailure) -> SparkJob {
        var job = SparkJob(command: .sparkSubmit(submission), failureCode: SparkErrorCode.databricksJobFailed)
        workspace.apply(to: &submission)
        try DatabricksLibraries.apply(
            reader.value("libraries"), path: reader.member("libraries"), workspace: workspace, to: &job,
            submission: &submission, context: context)
        for (name, value) in workspace.environment { job.environment[name] = value }
        job.command = .sparkSubmit(submission)
        return job
    }
}
