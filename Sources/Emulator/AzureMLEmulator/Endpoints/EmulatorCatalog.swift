import Foundation

/// The configuration resolved for serving: ids derived, paths made absolute, models loaded, faults
/// merged, and endpoints indexed the two ways URLs name them.
struct EmulatorCatalog: Sendable {
    let workspaceId: String
    let webServices: [CatalogWebService]
    let store: BlobStore
    /// The account for outputs without an override and for installed models.
    let defaultAccount: String
    let workspaceAuthorizationToken: String?
    let faultSeed: UInt64
    /// Top-level faults (used for requests that don't reach a web service).
    let faults: FaultConfiguration

    private let endpointsByServiceId: [String: CatalogEndpoint]

    /// Resolves a validated configuration.
    init(_ configuration: EmulatorConfiguration) throws(ConfigurationError) {
        try configuration.validate()
        workspaceId = configuration.effectiveWorkspaceId
        let root = configuration.storageRoot ?? "storage"
        var accounts: [String: StorageAccount] = [:]
        let development = StorageAccountConfiguration(
            name: StorageAccountConfiguration.developmentAccountName,
            key: StorageAccountConfiguration.developmentAccountKey
        )
        for account in [development] + configuration.storageAccounts {
            let folder = configuration.resolvedURL(account.folder ?? "\(root)/\(account.name)")
            accounts[account.name] = StorageAccount(name: account.name, key: account.key, folder: folder)
        }
        store = BlobStore(accounts: accounts)
        defaultAccount = configuration.defaultStorageAccount ?? StorageAccountConfiguration.developmentAccountName
        workspaceAuthorizationToken = configuration.workspaceAuthorizationToken
        faultSeed = configuration.faultSeed ?? 1
        faults = configuration.faults ?? .none
        var services: [CatalogWebService] = []
        var index: [String: CatalogEndpoint] = [:]
        for (position, service) in configuration.webServices.enumerated() {
            let model = try service.trainedModel.map { resource throws(ConfigurationError) in
                try configuration.initialModel(for: resource, path: "webServices[\(position)].trainedModel", file: nil)
            }
            let webServiceId = ServiceIdentifiers.webServiceId(for: service)
            let endpoints = service.endpoints.map { endpoint in
                CatalogEndpoint(
                    name: endpoint.name, serviceId: ServiceIdentifiers.serviceId(for: endpoint, of: service),
                    apiKey: endpoint.apiKey, isDefault: endpoint.isDefaultEndpoint, webServiceId: webServiceId
                )
            }
            let resolved = CatalogWebService(
                configuration: service, id: webServiceId, endpoints: endpoints, initialModel: model,
                jobDuration: service.jobDuration ?? configuration.jobDuration
                    ?? EmulatorConfiguration.defaultJobDuration,
                faults: faults.overridden(by: service.faults)
            )
            services.append(resolved)
            for endpoint in endpoints { index[endpoint.serviceId] = endpoint }
        }
        webServices = services
        endpointsByServiceId = index
    }

    /// The endpoint whose Batch Execution URL carries this service id, with its web service.
    func endpoint(serviceId: String) -> (CatalogWebService, CatalogEndpoint)? {
        guard let endpoint = endpointsByServiceId[serviceId], let service = webService(id: endpoint.webServiceId) else {
            return nil
        }
        return (service, endpoint)
    }

    /// The web service of an Update Resource URL.
    func webService(id: String) -> CatalogWebService? {
        webServices.first { $0.id == id }
    }
}

/// A web service ready to serve.
struct CatalogWebService: Sendable {
    let configuration: WebServiceConfiguration
    let id: String
    let endpoints: [CatalogEndpoint]
    /// The model every endpoint of a score service starts with.
    let initialModel: TrainedModel?
    let jobDuration: EmulatorDuration
    let faults: FaultConfiguration

    var name: String { configuration.name }

    func endpoint(named name: String) -> CatalogEndpoint? { endpoints.first { $0.name == name } }
}

/// An endpoint ready to serve.
struct CatalogEndpoint: Sendable, Hashable {
    let name: String
    let serviceId: String
    let apiKey: String
    let isDefault: Bool
    let webServiceId: String
}
