import DataPluginCore
import Foundation
import PluginKit

/// An `AzureDatabricks` linked service as pipehost runs it: the workspace's notebooks exported to
/// a local folder (`workspaceFolder`), DBFS as a local folder (`dbfsRoot`), and the new-cluster
/// settings that still mean something on local Spark (`newClusterSparkConf`,
/// `newClusterSparkEnvVars`). `domain`, `accessToken` and the cluster ids are accepted as ADF
/// writes them and not used: the job runs on the cluster `sparkMaster` names, or locally.
struct DatabricksWorkspace: Sendable {
    var workspaceFolder: String?
    var dbfsRoot: String
    var sparkConfiguration: [(String, String)]
    var environment: [String: String]

    init(_ service: Invocation.LinkedService?, workRoot: String) throws(ActivityFailure) {
        guard let service else {
            throw ActivityFailure.userError(
                "The Databricks activity has no linked service: give linkedServiceName an AzureDatabricks linked service.",
                code: SparkErrorCode.databricksBadAuthoring)
        }
        guard service.type.lowercased() == "azuredatabricks" else {
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; Databricks activities need an "
                    + "AzureDatabricks linked service.",
                code: SparkErrorCode.databricksBadAuthoring)
        }
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        workspaceFolder = try reader.string("workspaceFolder")
        dbfsRoot = try reader.string("dbfsRoot") ?? workRoot + "/dbfs"
        sparkConfiguration = try JobFiles.pairs(reader.value("newClusterSparkConf"), path: reader.member("newClusterSparkConf"))
        environment = Dictionary(
            try JobFiles.pairs(reader.value("newClusterSparkEnvVars"), path: reader.member("newClusterSparkEnvVars")),
            uniquingKeysWith: { _, last in last })
        try? FileManager.default.createDirectory(atPath: dbfsRoot, withIntermediateDirectories: true)
        serviceName = service.name
    }

    private var serviceName = ""

    /// The local path of a `dbfs:/…` (or `/dbfs/…`) path; `file:/…` and other paths as they are.
    func localPath(_ path: String) -> String {
        for prefix in ["dbfs:/", "/dbfs/"] where path.hasPrefix(prefix) {
            return dbfsRoot + "/" + path.dropFirst(prefix.count).drop { $0 == "/" }
        }
        if path.hasPrefix("file:") { return "/" + path.dropFirst("file:".count).drop { $0 == "/" } }
        return path
    }

    /// The workspace folder, or ADF's authoring error when the linked service gives none.
    func requireWorkspaceFolder() throws(ActivityFailure) -> String {
        guard let workspaceFolder, !workspaceFolder.isEmpty else {
            throw ActivityFailure.userError(
                "Linked service '\(serviceName)' has no workspaceFolder: pipehost runs notebooks exported from the "
                    + "workspace (Source .py or .ipynb files, laid out as in the workspace) from that local folder. "
                    + "Add typeProperties.workspaceFolder to the AzureDatabricks linked service.",
                code: SparkErrorCode.databricksBadAuthoring)
        }
        return workspaceFolder
    }

    /// The cluster settings of the linked service applied to a submission.
    func apply(to submission: inout SparkSubmission) {
        for (key, value) in sparkConfiguration { submission.configuration.append(.init(key: key, value: value)) }
    }
}
