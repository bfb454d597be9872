import AzureMLEmulator
import Foundation
import PipehostJSON
import PluginTestSupport

/// A ``DataTestBed`` beside the Azure ML emulator started in-process: its blob service (account
/// `mlstorage`, from examples/azureml-emulator) is the blob storage the datasets point at.
final class BlobTestBed: @unchecked Sendable {
    /// How a linked service authorizes: each way ADF allows for `AzureBlobStorage`, and `AzureBlobFS`.
    enum Access: String, CaseIterable, Sendable, CustomStringConvertible {
        case accountKey, sharedAccessSignature, connectionString, dataLake
        var description: String { rawValue }
    }

    static let linkedServiceName = "Blobs"
    let data: DataTestBed
    let emulator: AzureMLEmulator
    let folder: URL
    let account: EmulatedStorageAccount

    private init(data: DataTestBed, emulator: AzureMLEmulator, folder: URL, account: EmulatedStorageAccount) {
        self.data = data
        self.emulator = emulator
        self.folder = folder
        self.account = account
    }

    static func with<T>(_ body: (BlobTestBed) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("data-blob-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: "\(RepositoryPaths.root)/examples/azureml-emulator"), to: folder)
        let configuration = try EmulatorConfiguration.load(from: folder.appendingPathComponent("emulator.json"))
        let emulator = try await AzureMLEmulator.start(configuration: configuration)
        guard let account = emulator.storage["mlstorage"] else {
            await emulator.stop()
            throw BlobTestBedError(description: "the example emulator has no storage account mlstorage")
        }
        let bed = BlobTestBed(data: try DataTestBed(), emulator: emulator, folder: folder, account: account)
        do {
            let result = try await body(bed)
            await bed.stop()
            return result
        } catch {
            await bed.stop()
            throw error
        }
    }

    private func stop() async {
        data.shutdown()
        await emulator.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Blobs as files

    func blobURL(_ relativeLocation: String) -> URL { account.fileURL(relativeLocation: relativeLocation) }

    func writeBlob(_ data: Data, to relativeLocation: String) throws {
        let url = blobURL(relativeLocation)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func writeBlob(_ text: String, to relativeLocation: String) throws { try writeBlob(Data(text.utf8), to: relativeLocation) }

    func blobText(_ relativeLocation: String) throws -> String {
        try String(contentsOf: blobURL(relativeLocation), encoding: .utf8)
    }

    func blobExists(_ relativeLocation: String) -> Bool { FileManager.default.fileExists(atPath: blobURL(relativeLocation).path) }

    /// Every committed blob of a container, as names.
    func blobs(in container: String) -> [String] { regularFiles(below: blobURL(container).path) }

    /// Whether blocks are staged (uploaded, never committed) anywhere in a container.
    func hasUncommittedBlocks(in container: String) -> Bool {
        let staged = account.folder.appendingPathComponent(".uncommitted-blocks/\(container)")
        return !((try? FileManager.default.subpathsOfDirectory(atPath: staged.path)) ?? []).isEmpty
    }

    // MARK: Linked services and datasets

    var serviceURL: String { String(account.blobEndpoint.dropLast()) }

    func linkedService(_ access: Access, key: String? = nil, name: String = linkedServiceName) -> JSONValue {
        let key = key ?? account.key
        let secure: (String) -> JSONValue = { ["type": "SecureString", "value": .string($0)] }
        let properties: JSONValue
        var type = "AzureBlobStorage"
        switch access {
        case .accountKey:
            properties = ["serviceEndpoint": .string(serviceURL), "accountKey": secure(key)]
        case .sharedAccessSignature:
            let token = account.sasToken(forContainer: "data", permissions: "racwdl")
            properties = ["sasUri": secure(serviceURL + token)]
        case .connectionString:
            properties = [
                "connectionString": .string(
                    "DefaultEndpointsProtocol=http;AccountName=\(account.name);AccountKey=\(key);BlobEndpoint=\(serviceURL)")
            ]
        case .dataLake:
            type = "AzureBlobFS"
            properties = ["url": .string(account.blobEndpoint), "accountKey": secure(key)]
        }
        return ["name": .string(name), "type": .string(type), "typeProperties": properties]
    }

    /// A dataset on the blob container `data` (or the Data Lake file system of that name).
    func dataset(
        _ name: String, type: String, folderPath: String?, fileName: String? = nil, access: Access = .accountKey,
        properties: JSONObject = [:], linkedService: JSONValue? = nil
    ) -> JSONValue {
        var location: JSONObject =
            access == .dataLake
            ? ["type": "AzureBlobFSLocation", "fileSystem": "data"] : ["type": "AzureBlobStorageLocation", "container": "data"]
        if let folderPath { location["folderPath"] = .string(folderPath) }
        if let fileName { location["fileName"] = .string(fileName) }
        var typeProperties = properties
        typeProperties["location"] = .object(location)
        return [
            "name": .string(name), "type": .string(type), "typeProperties": .object(typeProperties), "parameters": [:],
            "linkedServiceName": ["referenceName": .string(Self.linkedServiceName), "type": "LinkedServiceReference"],
            "linkedService": linkedService ?? self.linkedService(access),
        ]
    }

    func csv(_ name: String, folderPath: String?, fileName: String? = nil, access: Access = .accountKey) -> JSONValue {
        dataset(
            name, type: "DelimitedText", folderPath: folderPath, fileName: fileName, access: access,
            properties: ["firstRowAsHeader": true, "columnDelimiter": ","])
    }
}

struct BlobTestBedError: Error, CustomStringConvertible {
    let description: String
}
