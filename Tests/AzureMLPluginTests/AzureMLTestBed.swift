import AsyncHTTPClient
import AzureMLEmulator
import Foundation
import HostCore
import Logging
import NIOCore
import NIOHTTP1
import PipehostJSON
import PluginRuntime
import PluginTestSupport

/// A live Azure ML emulator on a port-0 loopback socket, started through its library with the
/// example configuration (copied to a temporary folder, so jobs never write into the repository),
/// and a plugin host that loaded the real `libAzureMLPlugin.so` through the real loader.
final class AzureMLTestBed: Sendable {
    static let trainingService = "Training Exp for ADF ML"
    static let scoringService = "Scoring Exp for ADF ML"
    static let readerWriterService = "Reader Writer Scoring"
    static let trainedModelName = "Training Exp for ADF ML [trained model]"
    static let storageName = "StorageLinkedService"

    /// Settings that keep tests quick: short polls and back-offs.
    static let quickSettings: JSONValue = [
        "pollIntervalMilliseconds": 50, "retryBaseDelayMilliseconds": 10, "retryMaxDelayMilliseconds": 200,
        "requestTimeoutSeconds": 20,
    ]

    let folder: URL
    let emulator: AzureMLEmulator
    let host: PluginHost
    let logs: LogStore
    let settings: JSONValue

    private init(folder: URL, emulator: AzureMLEmulator, host: PluginHost, logs: LogStore, settings: JSONValue) {
        self.folder = folder
        self.emulator = emulator
        self.host = host
        self.logs = logs
        self.settings = settings
    }

    /// Runs `body` with a fresh emulator and host, and stops both afterwards.
    static func with<T>(
        jobDuration: Duration = .milliseconds(300), faults: FaultConfiguration = .none, faultSeed: UInt64? = nil,
        settings: JSONValue = quickSettings, _ body: (AzureMLTestBed) async throws -> T
    ) async throws -> T {
        let bed = try await start(jobDuration: jobDuration, faults: faults, faultSeed: faultSeed, settings: settings)
        do {
            let result = try await body(bed)
            await bed.stop()
            return result
        } catch {
            await bed.stop()
            throw error
        }
    }

    static func start(
        jobDuration: Duration, faults: FaultConfiguration, faultSeed: UInt64?, settings: JSONValue
    ) async throws -> AzureMLTestBed {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("azureml-plugin-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: "\(RepositoryPaths.root)/examples/azureml-emulator"), to: folder)
        let configuration = try EmulatorConfiguration.load(from: folder.appendingPathComponent("emulator.json"))
            .overriding(jobDuration: EmulatorDuration(jobDuration), faults: faults, faultSeed: faultSeed)
        let emulator = try await AzureMLEmulator.start(configuration: configuration)
        let logs = LogStore()
        let host = loadHost(settings: settings, logs: logs)
        return AzureMLTestBed(folder: folder, emulator: emulator, host: host, logs: logs, settings: settings)
    }

    /// A new plugin host over the same library: what a restarted pipehost process would load.
    static func loadHost(settings: JSONValue, logs: LogStore = LogStore()) -> PluginHost {
        let manifest = PluginManifest(libraries: [
            PluginManifest.Library(path: BuildProducts.library("AzureMLPlugin"), settings: settings)
        ])
        return PluginHost.load(
            manifest: manifest,
            options: PluginHostOptions(
                logger: logs.logger, workDirectory: NSTemporaryDirectory() + "pipehost-azureml-tests/work",
                defaultPollInterval: .milliseconds(50)))
    }

    func stop() async {
        host.shutdown()
        await emulator.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Emulator facts

    func endpoint(_ webService: String, _ name: String = "default") throws -> EmulatedEndpoint {
        guard let endpoint = emulator.endpoint(webService: webService, endpoint: name) else {
            throw TestBedError("the emulator has no endpoint '\(name)' of '\(webService)'")
        }
        return endpoint
    }

    var storage: EmulatedStorageAccount {
        get throws {
            guard let account = emulator.storage["mlstorage"] else { throw TestBedError("no storage account mlstorage") }
            return account
        }
    }

    /// The text of a blob of the `mlstorage` account.
    func blob(_ relativeLocation: String) throws -> String {
        try String(contentsOf: storage.fileURL(relativeLocation: relativeLocation), encoding: .utf8)
    }

    func blobExists(_ relativeLocation: String) throws -> Bool {
        FileManager.default.fileExists(atPath: try storage.fileURL(relativeLocation: relativeLocation).path)
    }

    /// The emulator's jobs by state (`NotStarted`, `Running`, …), from its listing.
    func jobCounts() async throws -> [String: Int] {
        let listing = try await get("\(emulator.baseURL)/")
        var counts: [String: Int] = [:]
        for member in listing["jobs"]?.objectValue ?? JSONObject() {
            counts[member.key] = Int(member.value.numberValue ?? 0)
        }
        return counts
    }

    var totalJobs: Int {
        get async throws { try await jobCounts().values.reduce(0, +) }
    }

    /// A job's status as the service reports it.
    func jobStatus(_ endpoint: EmulatedEndpoint, jobId: String) async throws -> JSONValue {
        let base = endpoint.batchExecutionURL.replacingOccurrences(of: "/jobs?api-version=2.0", with: "")
        return try await get("\(base)/jobs/\(jobId)?api-version=2.0", apiKey: endpoint.apiKey)
    }

    private func get(_ url: String, apiKey: String? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONParser.parse(Array(body.readableBytesView))
    }

    // MARK: Linked services

    /// The AzureML linked service of an endpoint. `apiKey` may be any JSON (a SecureString object…).
    func azureML(
        _ webService: String, _ endpointName: String = "default", apiKey: JSONValue? = nil, mlEndpoint: String? = nil,
        withUpdateResource: Bool = false, name: String = "AzureMLLinkedService"
    ) throws -> ResolvedLinkedService {
        let endpoint = try endpoint(webService, endpointName)
        var properties: JSONObject = [
            "mlEndpoint": .string(mlEndpoint ?? endpoint.batchExecutionURL),
            "apiKey": apiKey ?? .string(endpoint.apiKey),
        ]
        if withUpdateResource { properties["updateResourceEndpoint"] = .string(endpoint.updateResourceURL) }
        return ResolvedLinkedService(name: name, type: "AzureML", typeProperties: .object(properties))
    }

    /// The storage account as a legacy `AzureStorage` linked service with a connection string.
    func connectionStringStorage(name: String = storageName) throws -> ResolvedLinkedService {
        ResolvedLinkedService(
            name: name, type: "AzureStorage",
            typeProperties: ["connectionString": .string(try storage.connectionString)])
    }

    /// The storage account as an `AzureBlobStorage` linked service with a container SAS URI.
    func sasStorage(container: String, permissions: String, name: String = storageName) throws -> ResolvedLinkedService {
        let account = try storage
        let uri = account.blobEndpoint + container + account.sasToken(forContainer: container, permissions: permissions)
        return ResolvedLinkedService(name: name, type: "AzureBlobStorage", typeProperties: ["sasUri": .string(uri)])
    }

    /// Every secret the emulator knows, for checking that none leaks.
    var secrets: [String] {
        get throws {
            try emulator.endpoints.map(\.apiKey) + [storage.key]
        }
    }

    // MARK: Running activities

    func invocation(
        _ type: String, _ typeProperties: JSONValue, linkedService: ResolvedLinkedService?,
        linkedServices: [ResolvedLinkedService] = [], activityRunId: String = UUID().uuidString
    ) -> ActivityInvocation {
        var services: [String: ResolvedLinkedService] = [:]
        for service in linkedServices { services[service.name] = service }
        return ActivityInvocation(
            activityName: "\(type)Activity", activityType: type, typeProperties: typeProperties,
            linkedService: linkedService, linkedServices: services,
            run: RunIdentifiers(
                dataFactory: "tests", pipelineName: "AzureMLPluginTests", pipelineRunId: "run-1",
                activityRunId: activityRunId, attempt: 1, triggerTime: "2024-05-01T00:00:00Z", groupId: "run-1"))
    }

    func executor(_ type: String, in host: PluginHost? = nil) throws -> any ActivityExecutor {
        guard let executor = (host ?? self.host).executors.first(where: { $0.descriptor.typeName == type }) else {
            throw TestBedError("the plugin host serves no '\(type)'; plugins: \((host ?? self.host).plugins)")
        }
        return executor
    }

    func run(
        _ invocation: ActivityInvocation, context: RecordingContext = RecordingContext(), in host: PluginHost? = nil
    ) async throws -> ActivityOutcome {
        try await executor(invocation.activityType, in: host).execute(invocation, context: context.context)
    }

    /// Typical Batch Execution typeProperties: one input and the given outputs in `mlstorage`.
    static func files(_ files: [String: String], storage: String = storageName) -> JSONValue {
        var object = JSONObject()
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            object[name] = [
                "filePath": .string(path),
                "linkedServiceName": ["referenceName": .string(storage), "type": "LinkedServiceReference"],
            ]
        }
        return .object(object)
    }
}

/// A test bed precondition that did not hold.
struct TestBedError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
