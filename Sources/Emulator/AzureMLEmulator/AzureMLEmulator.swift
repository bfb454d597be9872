import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// An Azure ML Studio (classic) web-services emulator running on a local port: the Batch Execution
/// Service, the Update Resource API, and a blob service for its storage accounts, with real training and
/// scoring.
///
/// ```swift
/// let emulator = try await AzureMLEmulator.start(configuration: .load(from: configFile))
/// let training = emulator.endpoint(webService: "Training Exp for ADF ML", endpoint: "default")
/// // … drive training?.batchExecutionURL with Bearer training?.apiKey …
/// await emulator.stop()
/// ```
public final class AzureMLEmulator: Sendable {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public let baseURL: String
    /// The port the server listens on.
    public let port: Int
    /// Every endpoint of every web service, in configuration order.
    public let endpoints: [EmulatedEndpoint]
    /// Storage accounts by name, including the development account `devstoreaccount1`.
    public let storage: [String: EmulatedStorageAccount]

    let services: EmulatorServices
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(
        port: Int, services: EmulatorServices, serviceGroup: ServiceGroup, runTask: Task<Void, any Error>
    ) {
        self.port = port
        self.baseURL = services.baseURL
        self.services = services
        self.serviceGroup = serviceGroup
        self.runTask = runTask
        endpoints = services.catalog.webServices.flatMap { service in
            service.endpoints.map { endpoint in
                EmulatedEndpoint(
                    webServiceName: service.name, webServiceId: service.id, operation: service.configuration.operation,
                    name: endpoint.name, isDefault: endpoint.isDefault, serviceId: endpoint.serviceId,
                    apiKey: endpoint.apiKey, batchExecutionURL: services.batchExecutionURL(endpoint),
                    updateResourceURL: services.updateResourceURL(endpoint), inputs: service.configuration.inputs,
                    outputs: service.configuration.outputs.keys.sorted(),
                    trainedModelResourceName: service.configuration.trainedModel?.resourceName
                )
            }
        }
        var accounts: [String: EmulatedStorageAccount] = [:]
        for account in services.store.accounts.values {
            accounts[account.name] = EmulatedStorageAccount(
                name: account.name, key: account.key, folder: account.folder,
                blobEndpoint: services.blobEndpoint(account: account.name)
            )
        }
        storage = accounts
    }

    /// Validates the configuration, binds `host:port` (port 0: any free port) and starts serving.
    ///
    /// - Parameters:
    ///   - handlesTerminationSignals: stop gracefully on SIGINT/SIGTERM (for the command-line tool; leave
    ///     off when embedding the emulator in another program).
    ///   - logger: where the server logs; default: warnings and errors only.
    /// - Throws: `ConfigurationError` for a bad configuration, or the bind error.
    public static func start(
        configuration: EmulatorConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        handlesTerminationSignals: Bool = false,
        logger: Logger? = nil
    ) async throws -> AzureMLEmulator {
        let catalog = try EmulatorCatalog(configuration)
        let logger = logger ?? Self.quietLogger()
        let services = EmulatorServices(catalog: catalog, baseURL: Self.baseURL(host: host, port: port), logger: logger)
        let (bound, announce) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let application = Application(
            router: EmulatorRouter.make(services: services),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                announce.yield(.success(channel.localAddress?.port ?? port))
            },
            logger: logger
        )
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application],
                gracefulShutdownSignals: handlesTerminationSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        let runTask = Task {
            do {
                try await serviceGroup.run()
                announce.yield(.failure(EmulatorStartError.stoppedBeforeListening))
            } catch {
                announce.yield(.failure(error))
                throw error
            }
        }
        for await outcome in bound {
            switch outcome {
            case .success(let actualPort):
                services.baseURL = Self.baseURL(host: host, port: actualPort)
                return AzureMLEmulator(
                    port: actualPort, services: services, serviceGroup: serviceGroup, runTask: runTask)
            case .failure(let error):
                throw error
            }
        }
        throw EmulatorStartError.stoppedBeforeListening
    }

    /// The endpoint of a web service by names.
    public func endpoint(webService: String, endpoint name: String = "default") -> EmulatedEndpoint? {
        endpoints.first { $0.webServiceName == webService && $0.name == name }
    }

    /// Stops accepting connections, stops job timers, and waits for the server to close.
    public func stop() async {
        await services.jobs.shutdown()
        await serviceGroup.triggerGracefulShutdown()
        _ = try? await runTask.value
    }

    /// Waits until the server stops (after `stop()` or, with `handlesTerminationSignals`, a signal).
    public func waitUntilStopped() async throws {
        try await runTask.value
        await services.jobs.shutdown()
    }

    /// The lines the command-line tool prints: `listening on http://127.0.0.1:PORT`, then each endpoint's
    /// URLs and each storage account's blob endpoint. Keys are not printed.
    public var startupReport: String {
        var lines = ["listening on \(baseURL)"]
        for endpoint in endpoints {
            lines.append(
                "\(endpoint.webServiceName) / \(endpoint.name)\(endpoint.isDefault ? " (default)" : "") [\(endpoint.operation.rawValue)]"
            )
            lines.append("  batch execution: \(endpoint.batchExecutionURL)")
            lines.append("  update resource: \(endpoint.updateResourceURL)")
        }
        for account in storage.values.sorted(by: { $0.name < $1.name }) {
            lines.append("storage \(account.name): \(account.blobEndpoint) -> \(account.folder.path)")
        }
        return lines.joined(separator: "\n")
    }

    private static func baseURL(host: String, port: Int) -> String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    private static func quietLogger() -> Logger {
        var logger = Logger(label: "azureml-emulator")
        logger.logLevel = .warning
        return logger
    }
}

/// Why `AzureMLEmulator.start` returned without a server.
public enum EmulatorStartError: Error, Sendable, CustomStringConvertible {
    /// The server stopped before it reported a listening socket.
    case stoppedBeforeListening

    public var description: String {
        switch self {
        case .stoppedBeforeListening: "the emulator's server stopped before it was listening"
        }
    }
}
