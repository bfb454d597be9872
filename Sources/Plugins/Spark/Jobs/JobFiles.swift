import DataPluginCore
import Foundation
import PluginKit

/// Fetching a job's files (scripts, jars, folders of them) into its job folder from the storage a
/// linked service names, or from a local path when the activity names no storage at all.
enum JobFiles {
    /// The storage linked service named by `property` of the activity's typeProperties (a
    /// LinkedServiceReference), else the cluster's own storage; nil when neither is given.
    static func storage(
        _ property: String, of context: JobContext
    ) throws(ActivityFailure) -> Invocation.LinkedService? {
        let invocation = context.call.invocation
        let named = context.call.input.objectValue?[caseInsensitive: property]?["referenceName"]?.stringValue
        guard let name = named ?? context.cluster.storageLinkedService else { return nil }
        guard let service = invocation.linkedServices.first(where: { $0.key.lowercased() == name.lowercased() })?.value else {
            throw ActivityFailure.userError(
                "Linked service '\(name)' (\(named == nil ? "the cluster's storage" : "typeProperties.\(property)")) was "
                    + "not resolved by the host; check that the factory defines it.",
                code: SparkErrorCode.filePreparationFailed)
        }
        return service
    }

    /// Copies the file or folder at `path` into `<job folder>/<into>`; returns the local paths.
    static func fetch(
        _ path: String, from storage: Invocation.LinkedService?, into subfolder: String, context: JobContext,
        code: String = SparkErrorCode.filePreparationFailed
    ) async throws(ActivityFailure) -> [String] {
        let target = context.folder.path + "/" + subfolder
        // With no storage at all the path is local: the same copy, from a FileServer on `/`.
        let service = storage ?? localFiles
        let storePath = storage == nil ? URL(fileURLWithPath: path).standardized.path : path
        do {
            return try await context.staging.fetch(storePath, from: service, into: target)
        } catch {
            throw ActivityFailure(
                errorCode: code,
                message: "Failed to prepare the files for the run '\(context.call.invocation.run.activityRunId)': "
                    + "'\(path)' from \(storage == nil ? "the local files (the activity names no storage linked service)" : "linked service '\(service.name)'"): \(error.message)",
                failureType: error.failureType)
        }
    }

    /// The machine's own files, as a store: what paths mean when an activity names no storage.
    private static let localFiles = Invocation.LinkedService(
        name: "local files", type: "FileServer", typeProperties: ["host": "/"])

    /// The files directly in `<folder>/<name>` (the `jars/`, `pyFiles/` and `files/` folders of a
    /// Spark root path), sorted; empty when it does not exist.
    static func filesIn(_ folder: String, _ name: String) -> [String] {
        let path = folder + "/" + name
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    /// `arguments` as strings (numbers and booleans as ADF prints them).
    static func strings(_ value: JSONValue?, path: String) throws(ActivityFailure) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let elements) = value else {
            throw ActivityFailure.wrongPropertyType(path, "expected an array of strings, found \(value.typeName)")
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = scalarText(element) else {
                throw ActivityFailure.wrongPropertyType("\(path)[\(index)]", "expected a string, found \(element.typeName)")
            }
            result.append(text)
        }
        return result
    }

    /// An object of name → scalar (`sparkConfig`, `defines`), values as strings, in document order.
    static func pairs(_ value: JSONValue?, path: String) throws(ActivityFailure) -> [(String, String)] {
        guard let value, !value.isNull else { return [] }
        guard case .object(let object) = value else {
            throw ActivityFailure.wrongPropertyType(path, "expected an object of names and values, found \(value.typeName)")
        }
        var result: [(String, String)] = []
        for (key, element) in object {
            guard let text = scalarText(element) else {
                throw ActivityFailure.wrongPropertyType("\(path).\(key)", "expected a string, found \(element.typeName)")
            }
            result.append((key, text))
        }
        return result
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
