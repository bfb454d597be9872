import DataPluginCore
import Foundation
import PluginKit

/// What a source does with the files it read once the data flow succeeded: ADF's "after
/// completion" setting, `purgeFiles: true` (delete them) or `moveFiles: ['from', 'to']` (move them,
/// keeping their paths below `from`). Kept in the ``JobState`` like the sinks' folders, so a later
/// host applies it; a run that failed leaves the files where they were.
struct ProcessedSourceFiles: Codable, Sendable, Equatable {
    /// The source's stream name: the driver reports the files each source read under it.
    var stream: String
    /// The source's storage linked service, by name.
    var linkedService: String
    /// The local folder the job read the files from (a FileServer's own folder, or the copy of the
    /// blobs fetched into the job folder), and the store path it stands for.
    var localRoot: String
    var storeRoot: String
    /// The blob container the `from` and `to` paths are relative to; empty for a FileServer.
    var container: String
    /// nil: delete the files; else move them from the first folder to the second.
    var move: Move?

    struct Move: Codable, Sendable, Equatable {
        var from: String
        var to: String
    }

    /// The store path each of `files` (local paths the driver reported) stands for.
    func storePaths(_ files: [String]) -> [String] {
        let root = localRoot.hasSuffix("/") ? localRoot : localRoot + "/"
        return files.compactMap { file in
            guard file.hasPrefix(root) else { return file == localRoot ? storeRoot : nil }
            return StorePath.join(storeRoot, String(file.dropFirst(root.count)))
        }
    }

    /// Where a moved file goes: its path below `from` kept under `to`; a file outside `from` goes
    /// to `to` by its name.
    func destination(of storePath: String, move: Move) -> String {
        let from = StorePath.join(container, move.from)
        let to = StorePath.join(container, move.to)
        if from == container { return StorePath.join(to, String(storePath.dropFirst(container.isEmpty ? 0 : container.count + 1))) }
        if storePath.hasPrefix(from + "/") { return StorePath.join(to, String(storePath.dropFirst(from.count + 1))) }
        return StorePath.join(to, String(storePath.split(separator: "/").last ?? ""))
    }

    /// Deletes or moves the files the driver reported for this source.
    func apply(files: [String], _ call: ActivityCall<JSONValue>, staging: StorageStaging, code: String)
        async throws(ActivityFailure)
    {
        guard let service = call.invocation.resolvedLinkedService(named: linkedService) else {
            throw ActivityFailure.userError(
                "Linked service '\(linkedService)' of source '\(stream)' was not resolved by the host.", code: code)
        }
        for path in storePaths(files) {
            do {
                if let move {
                    try await staging.move(path, to: destination(of: path, move: move), in: service)
                } else {
                    try await staging.delete(path, in: service)
                }
            } catch {
                throw ActivityFailure(
                    errorCode: code,
                    message: "The data flow succeeded, but source '\(stream)' could not \(move == nil ? "delete" : "move") "
                        + "'\(path)' in linked service '\(linkedService)' after completion: \(error.message)",
                    failureType: error.failureType)
            }
        }
    }
}
