import Foundation
import Hummingbird
import Logging

@testable import AzureMLEmulator

/// A fixture scenario from Tests/Fixtures/AzureMLEmulator copied into a fresh temporary folder, so that
/// what jobs write never touches the repository and tests don't see each other's blobs.
struct EmulatorFixture {
    /// The copy's folder (holds `emulator.json` and `storage/`).
    let folder: URL
    /// The loaded configuration.
    var configuration: EmulatorConfiguration

    static let fixturesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/AzureMLEmulator", isDirectory: true)

    static let acct1Key = "cGlwZWhvc3QtdGVzdC1hY2NvdW50LWtleS1hY2N0MS0wMTIzNDU2Nzg5YWJjZGVm"
    static let acct2Key = "cGlwZWhvc3QtdGVzdC1hY2NvdW50LWtleS1hY2N0Mi1mZWRjYmE5ODc2NTQzMjEw"
    static let workspaceId = "0123456789abcdef0123456789abcdef"
    static let acct1ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=\(acct1Key)"

    init(_ scenario: String) throws {
        try self.init(copying: Self.fixturesFolder.appendingPathComponent(scenario))
    }

    /// A copy of any folder holding an `emulator.json` (e.g. the repository's example).
    init(copying source: URL) throws {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("azureml-emulator-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: source, to: temporary)
        folder = temporary
        configuration = try EmulatorConfiguration.load(from: temporary.appendingPathComponent("emulator.json"))
    }

    /// A file under the copy's `storage/<account>/`.
    func blobFile(_ account: String, _ relativeLocation: String) -> URL {
        folder.appendingPathComponent("storage/\(account)/\(relativeLocation)")
    }

    func readBlob(_ account: String, _ relativeLocation: String) throws -> String {
        try String(contentsOf: blobFile(account, relativeLocation), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The shared state and the router, for tests without sockets.
    func makeRouterApplication() throws -> (EmulatorServices, some ApplicationProtocol) {
        var logger = Logger(label: "azureml-emulator-tests")
        logger.logLevel = .error
        let services = EmulatorServices(
            catalog: try EmulatorCatalog(configuration), baseURL: "http://emulator.test", logger: logger
        )
        return (services, Application(router: EmulatorRouter.make(services: services), logger: logger))
    }

    /// The Batch Execution jobs path of an endpoint (service id), as in the fixture configuration.
    static func jobsPath(_ serviceId: String) -> String {
        "/workspaces/\(workspaceId)/services/\(serviceId)/jobs"
    }

    /// A service SAS (with `?`) for a blob of an account, signed with the account key.
    static func sas(
        account: String = "acct1", key: String = acct1Key, container: String, blob: String?, permissions: String,
        expiry: Date = Date().addingTimeInterval(3600), resource: String = "b"
    ) -> String {
        let token = BlobSharedAccessSignature(
            permissions: permissions, expiry: SASTime.format(expiry), resource: resource
        ).signed(account: account, container: container, blob: blob, accountKey: key)
        return "?" + token.queryString
    }
}
