import Foundation
import Logging
import Synchronization

/// The state every route shares: the catalog, jobs, models, storage access, faults, and the base URL
/// the server is reachable at (known once it has bound its port).
final class EmulatorServices: Sendable {
    let catalog: EmulatorCatalog
    let jobs: JobRegistry
    let models: EndpointModels
    let planner: JobPlanner
    let resolver: BlobReferenceResolver
    let faults: FaultInjector
    let logger: Logger
    private let baseURLBox: Mutex<String>

    init(catalog: EmulatorCatalog, baseURL: String, logger: Logger) {
        self.catalog = catalog
        let models = EndpointModels(catalog: catalog)
        self.models = models
        let resolver = BlobReferenceResolver(store: catalog.store)
        self.resolver = resolver
        planner = JobPlanner(resolver: resolver, defaultAccount: catalog.defaultAccount)
        jobs = JobRegistry(
            executor: JobExecutor(store: catalog.store, models: models, defaultAccount: catalog.defaultAccount))
        faults = FaultInjector(seed: catalog.faultSeed)
        self.logger = logger
        baseURLBox = Mutex(baseURL)
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    var baseURL: String {
        get { baseURLBox.withLock { $0 } }
        set { baseURLBox.withLock { $0 = newValue } }
    }

    var store: BlobStore { catalog.store }

    // MARK: URLs

    /// The Batch Execution jobs URL of an endpoint, with `?api-version=2.0` as the portal showed it.
    func batchExecutionURL(_ endpoint: CatalogEndpoint) -> String {
        "\(baseURL)/workspaces/\(catalog.workspaceId)/services/\(endpoint.serviceId)/jobs?api-version=2.0"
    }

    /// The Update Resource (PATCH) URL of an endpoint.
    func updateResourceURL(_ endpoint: CatalogEndpoint) -> String {
        "\(baseURL)/workspaces/\(catalog.workspaceId)/webservices/\(endpoint.webServiceId)/endpoints/\(endpoint.name)"
    }

    /// The blob service base URL of an account, with a trailing slash, ready for `+ RelativeLocation`.
    func blobEndpoint(account: String) -> String {
        "\(baseURL)/blob/\(account)/"
    }

    /// A BES `Results` / Update Resource `Location` entry: base URL, relative location and a fresh
    /// read-only SAS; `ConnectionString` is always `null`.
    func resultLocation(_ location: BlobLocation, now: Date = Date()) -> WireJSON {
        var token: WireJSON = .null
        if let account = try? store.account(location.account) {
            token = .string(
                "?" + account.readOnlyToken(container: location.container, blob: location.path, now: now).queryString)
        }
        return .object([
            ("ConnectionString", .null),
            ("RelativeLocation", .string(location.relativeLocation)),
            ("BaseLocation", .string(blobEndpoint(account: location.account))),
            ("SasBlobToken", token),
        ])
    }
}
