import DataPluginCore
import Foundation
import PluginKit

/// A folder a job writes in its job folder that goes to storage once the job succeeded (the
/// output of a Hadoop job on blob storage). Kept in the ``JobState``, so a later host stores it.
struct StoredFolder: Codable, Sendable, Equatable {
    /// The local folder the job wrote.
    var folder: String
    /// Where it goes in the storage (a store path or a `wasbs://` URI).
    var path: String
    /// The storage linked service, by name.
    var linkedService: String
    /// Whether the files already under `path` are deleted first (a data flow sink's "clear the
    /// folder"); nil (states written before there was a choice) means no.
    var clearFirst: Bool? = nil

    /// The name of Hadoop's success marker, stored after every other file.
    static let successMarker = "_SUCCESS"

    /// Stores the folder's files, the success marker last, so that whoever waits for it finds
    /// the whole output.
    func store(_ call: ActivityCall<JSONValue>, staging: StorageStaging, code: String) async throws(ActivityFailure) {
        guard let service = call.invocation.resolvedLinkedService(named: linkedService) else {
            throw ActivityFailure.userError(
                "Linked service '\(linkedService)' (the job's output storage) was not resolved by the host.", code: code)
        }
        let files = FileManager.default
        let marker = folder + "/" + Self.successMarker
        let markerFolder = folder + ".success"
        let hasMarker = files.fileExists(atPath: marker)
        do {
            if hasMarker {
                try? files.removeItem(atPath: markerFolder)
                try files.createDirectory(atPath: markerFolder, withIntermediateDirectories: true)
                try files.moveItem(atPath: marker, toPath: markerFolder + "/" + Self.successMarker)
            }
        } catch {
            throw ActivityFailure.systemError("Could not prepare '\(folder)' for storing: \(error.localizedDescription)", code: code)
        }
        do {
            if clearFirst == true { _ = try await staging.clear(folder: path, in: service) }
            _ = try await staging.store(folder: folder, to: path, in: service)
            if hasMarker { _ = try await staging.store(folder: markerFolder, to: path, in: service) }
        } catch {
            throw ActivityFailure(
                errorCode: code,
                message: "The job succeeded but its output could not be stored to '\(path)' in linked service "
                    + "'\(linkedService)': \(error.message)",
                failureType: error.failureType)
        }
    }
}
