import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport

/// The Azure ML emulator's blob account `mlstorage`, started in-process from a copy of
/// examples/azureml-emulator for one test and reached over HTTP as Azure is, through the linked
/// service `Blobs`.
struct EmulatorBlobStorage {
    let account: EmulatedStorageAccount

    /// The `AzureBlobStorage` linked service `Blobs` with the account's endpoint and key.
    var linkedService: ResolvedLinkedService {
        ResolvedLinkedService(
            name: "Blobs", type: "AzureBlobStorage",
            typeProperties: [
                "serviceEndpoint": .string(String(account.blobEndpoint.dropLast())),
                "accountKey": ["type": "SecureString", "value": .string(account.key)],
            ])
    }

    /// Writes `text` as the blob at `location` (`container/path`).
    func write(_ text: String, _ location: String) throws {
        let url = account.fileURL(relativeLocation: location)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The local file behind the blob at `location`.
    func file(_ location: String) -> URL { account.fileURL(relativeLocation: location) }

    /// Runs `body` with the emulator started, and stops it afterwards whatever happened.
    static func with(_ body: (EmulatorBlobStorage) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spark-blob-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: "\(RepositoryPaths.root)/examples/azureml-emulator"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let emulator = try await AzureMLEmulator.start(
            configuration: try EmulatorConfiguration.load(from: folder.appendingPathComponent("emulator.json")))
        do {
            guard let account = emulator.storage["mlstorage"] else {
                throw Missing(description: "examples/azureml-emulator/emulator.json has no storage account 'mlstorage'")
            }
            try await body(EmulatorBlobStorage(account: account))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }
}
