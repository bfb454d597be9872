import DataPluginCore
import Foundation
import PluginKit

/// Synapse's `SynapseNotebook` and `SparkJob` activities on local Spark (or the cluster
/// `sparkMaster` names): the notebook or Spark job definition is read from the workspace's git
/// folder (`notebook/NAME.json`, `sparkJobDefinition/NAME.json`) that the `AzureSynapseArtifacts`
/// linked service's `workspaceFolder` names. Notebook parameters are injected after the cell
/// tagged `parameters`, as Synapse does; the exit value is `status.Output.result.exitValue`.
enum SynapseActivities {
    static func notebook(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let folder = try workspaceFolder(context)
        guard let name = reader.value("notebook")?["referenceName"]?.stringValue, !name.isEmpty else {
            throw ActivityFailure.missingProperty(reader.member("notebook.referenceName"))
        }
        var parameters = JSONObject()
        for (parameter, value) in try reader.object("parameters").object {
            parameters[parameter] = try typed(value, path: reader.member("parameters.\(parameter)"))
        }
        var submission = try NotebookJob.submission(
            notebook: "notebook/" + name, parameters: parameters, flavor: .synapse, workspaceFolder: folder,
            dbfsRoot: context.workRoot + "/synapse-files", context: context)
        try configure(&submission, reader: reader)
        return SparkJob(command: .sparkSubmit(submission), failureCode: SparkErrorCode.sparkJobFailed)
    }

    static func sparkJob(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let folder = try workspaceFolder(context)
        guard let name = reader.value("sparkJob")?["referenceName"]?.stringValue, !name.isEmpty else {
            throw ActivityFailure.missingProperty(reader.member("sparkJob.referenceName"))
        }
        let definitionPath = "\(folder)/sparkJobDefinition/\(name).json"
        guard let data = FileManager.default.contents(atPath: definitionPath),
            let definition = try? JSONParser.parse(Array(data))
        else {
            throw ActivityFailure.userError(
                "The Spark job definition '\(name)' is not in the workspace folder: expected the file '\(definitionPath)'.",
                code: SparkErrorCode.filePreparationFailed)
        }
        let properties = try PropertyReader(
            definition["properties"]?["jobProperties"], path: "sparkJobDefinition '\(name)' properties.jobProperties")
        // The activity's own values win over the definition's.
        func pick(_ key: String, activityKey: String? = nil) -> JSONValue? {
            reader.value(activityKey ?? key) ?? properties.value(key)
        }
        guard let file = pick("file")?.stringValue, !file.isEmpty else {
            throw ActivityFailure.userError(
                "The file path should not be null or empty (sparkJobDefinition '\(name)' jobProperties.file).",
                code: SparkErrorCode.emptyFilePath)
        }
        let local = { (path: String) in path.hasPrefix("/") ? path : folder + "/" + path }
        let application: SparkSubmission.Application =
            file.lowercased().hasSuffix(".py")
            ? .python(file: local(file)) : .jar(file: local(file), mainClass: pick("className")?.stringValue)
        var submission = SparkSubmission(
            application: application,
            arguments: try JobFiles.strings(pick("args"), path: "args"), name: context.call.invocation.activityName)
        submission.jars = try JobFiles.strings(pick("jars"), path: "jars").map(local)
        submission.pyFiles = try JobFiles.strings(pick("pyFiles"), path: "pyFiles").map(local)
        submission.files = try JobFiles.strings(pick("files"), path: "files").map(local)
        for (key, value) in try JobFiles.pairs(properties.value("conf"), path: properties.member("conf")) {
            submission.configuration.append(.init(key: key, value: value))
        }
        try configure(&submission, reader: reader)
        for path in [file] + submission.jars + submission.pyFiles + submission.files where path.contains("://") {
            throw ActivityFailure.userError(
                "'\(path)' is a storage URI; pipehost runs Spark job definitions from the workspace folder: give paths "
                    + "relative to it (or absolute local paths).",
                code: SparkErrorCode.filePreparationFailed)
        }
        return SparkJob(command: .sparkSubmit(submission), failureCode: SparkErrorCode.sparkJobFailed)
    }

    /// `conf` and `sparkConfig` of the activity as `--conf`; sizes and pool accepted as ADF writes them.
    private static func configure(_ submission: inout SparkSubmission, reader: PropertyReader) throws(ActivityFailure) {
        for key in ["conf", "sparkConfig"] {
            for (name, value) in try JobFiles.pairs(reader.value(key), path: reader.member(key)) {
                submission.configuration.append(.init(key: name, value: value))
            }
        }
    }

    /// A Synapse notebook parameter `{"value": …, "type": "string|int|float|bool"}` as its value.
    private static func typed(_ value: JSONValue, path: String) throws(ActivityFailure) -> JSONValue {
        guard case .object(let object) = value, let raw = object[caseInsensitive: "value"] else {
            throw ActivityFailure.wrongPropertyType(path, "expected {\"value\": …, \"type\": \"string\"}")
        }
        let type = object[caseInsensitive: "type"]?.stringValue?.lowercased() ?? "string"
        let text = JobFiles.scalarText(raw) ?? ""
        switch type {
        case "string": return .string(text)
        case "int":
            guard let number = Int64(text) else { throw ActivityFailure.invalidProperty(path, "'\(text)' is not an int") }
            return .integer(number)
        case "float":
            guard let number = Double(text) else { throw ActivityFailure.invalidProperty(path, "'\(text)' is not a float") }
            return .double(number)
        case "bool":
            guard let flag = Bool(text.lowercased()) else { throw ActivityFailure.invalidProperty(path, "'\(text)' is not a bool") }
            return .bool(flag)
        default:
            throw ActivityFailure.invalidProperty(path + ".type", "expected string, int, float or bool, found '\(type)'")
        }
    }

    private static func workspaceFolder(_ context: JobContext) throws(ActivityFailure) -> String {
        let service = context.call.invocation.linkedService
        let reader = try PropertyReader(
            service?.typeProperties, path: "linked service '\(service?.name ?? "")' typeProperties")
        guard let service, let folder = try reader.string("workspaceFolder"), !folder.isEmpty else {
            throw ActivityFailure.userError(
                "The Synapse activity needs an AzureSynapseArtifacts linked service with typeProperties.workspaceFolder: "
                    + "the local folder of the workspace's git repository (notebook/, sparkJobDefinition/).",
                code: SparkErrorCode.filePreparationFailed)
        }
        _ = service
        return folder
    }
}
