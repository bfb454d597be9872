import Foundation
import PluginKit

/// A notebook run by ``NotebookDriver``: the job file it reads and the `spark-submit` of the driver.
enum NotebookJob {
    /// Which notebook helpers it gets and how its exit value is reported.
    enum Flavor: String {
        /// `dbutils`; the exit value as `runOutput` (parsed when it is a JSON object or array).
        case databricks
        /// `mssparkutils` and `notebookutils`; the exit value as `status.Output.result.exitValue`,
        /// and parameters injected after the cell tagged `parameters`.
        case synapse
    }

    static func submission(
        notebook: String, parameters: JSONObject, flavor: Flavor, workspaceFolder: String, dbfsRoot: String,
        context: JobContext
    ) throws(ActivityFailure) -> SparkSubmission {
        let driver = context.folder.path + "/" + NotebookDriver.fileName
        let job: JSONValue = [
            "name": .string(context.call.invocation.activityName), "notebook": .string(notebook),
            "parameters": .object(parameters), "flavor": .string(flavor.rawValue),
            "injectParameters": .bool(flavor == .synapse), "workspaceFolder": .string(workspaceFolder),
            "dbfsRoot": .string(dbfsRoot),
        ]
        let files = FileManager.default
        guard files.createFile(atPath: driver, contents: Data(NotebookDriver.source.utf8)),
            files.createFile(
                atPath: context.folder.path + "/notebook-job.json", contents: Data(JSONSerializer.serialize(job).utf8))
        else {
            throw ActivityFailure.systemError(
                "Could not write the notebook driver into the job folder '\(context.folder.path)'.",
                code: SparkErrorCode.filePreparationFailed)
        }
        return SparkSubmission(application: .python(file: driver), name: context.call.invocation.activityName)
    }
}
