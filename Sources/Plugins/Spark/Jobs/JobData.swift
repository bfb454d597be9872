import DataPluginCore
import Foundation
import PluginKit

/// Where a Hadoop job (Streaming, MapReduce) reads its input and writes its output, for paths as
/// ADF writes them (`wasbs://container@account.blob.core.windows.net/path` or a store path of the
/// cluster's storage), as folders the job's processes open directly:
/// - a `FileServer` storage (a local folder): under its `host` folder, read and written in place;
/// - blob storage (`AzureBlobStorage`, `AzureStorage`, `AzureBlobFS`): the input fetched into the
///   job folder first, the output written there and stored after the job succeeded;
/// - no storage at all: the paths are local.
enum JobData {
    /// Local paths as given.
    case local
    /// Below this local folder (a `FileServer`'s host).
    case folder(String)
    /// Staged through the job folder from and to this storage.
    case staged(Invocation.LinkedService)

    init(_ service: Invocation.LinkedService?) throws(ActivityFailure) {
        guard let service else {
            self = .local
            return
        }
        switch service.type.lowercased() {
        case "fileserver":
            let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
            self = .folder(try reader.requiredString("host"))
        case "httpserver":
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' is an HttpServer, which a Hadoop job cannot write its output to; give "
                    + "the cluster a FileServer or blob storage (its linkedServiceName).",
                code: SparkErrorCode.filePreparationFailed)
        default:
            self = .staged(service)
        }
    }

    /// The local file or folder the job reads for `path` (fetched into `<job folder>/input` when staged).
    func input(_ path: String, property: String, context: JobContext) async throws(ActivityFailure) -> String {
        switch self {
        case .local, .folder:
            var local = path
            if case .folder(let root) = self { local = Self.join(root, StorageStaging.storePath(path)) }
            guard FileManager.default.fileExists(atPath: local) else {
                throw ActivityFailure.userError(
                    "Hadoop job failed: org.apache.hadoop.mapred.InvalidInputException: Input path does not exist: "
                        + "'\(path)' (\(property)), looked for at '\(local)'.",
                    code: SparkErrorCode.hadoopJobFailed)
            }
            return local
        case .staged(let service):
            let target = context.folder.path + "/input"
            do {
                _ = try await context.staging.fetch(path, from: service, into: target)
            } catch {
                throw ActivityFailure(
                    errorCode: SparkErrorCode.hadoopJobFailed,
                    message: "Hadoop job failed: Input path does not exist or cannot be read: '\(path)' (\(property)) "
                        + "in linked service '\(service.name)': \(error.message)",
                    failureType: error.failureType)
            }
            return target
        }
    }

    /// The local folder the job writes for `path`, and what stores it after success when staged.
    /// Fails as Hadoop does when the output folder exists already.
    func output(_ path: String, property: String, context: JobContext) async throws(ActivityFailure) -> (folder: String, store: StoredFolder?) {
        let exists: Bool
        let result: (folder: String, store: StoredFolder?)
        switch self {
        case .local:
            result = (path, nil)
            exists = FileManager.default.fileExists(atPath: path)
        case .folder(let root):
            result = (Self.join(root, StorageStaging.storePath(path)), nil)
            exists = FileManager.default.fileExists(atPath: result.folder)
        case .staged(let service):
            result = (context.folder.path + "/output", StoredFolder(folder: context.folder.path + "/output", path: path, linkedService: service.name))
            exists = try await context.staging.exists(path, in: service)
        }
        guard !exists else {
            throw ActivityFailure.userError(
                "Hadoop job failed: org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory '\(path)' "
                    + "(\(property)) already exists. Hadoop never overwrites a job's output: name a folder that does not "
                    + "exist yet, or delete this one first.",
                code: SparkErrorCode.hadoopJobFailed)
        }
        return result
    }

    private static func join(_ root: String, _ storePath: String) -> String {
        storePath.isEmpty ? root : (root.hasSuffix("/") ? root + storePath : root + "/" + storePath)
    }
}
