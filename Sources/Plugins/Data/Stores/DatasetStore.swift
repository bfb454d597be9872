import PluginKit

/// Where a dataset's data lives, as the activities need it: files in a file store, or a table
/// in a table store.
enum DatasetStore: Sendable {
    case files(any FileStore)
    case table(any TableStore)

    /// The store of `dataset` through its linked service. A linked service pipehost cannot reach
    /// fails with ``StoreKind/unreachable(linkedService:type:)``; a table kind without a
    /// registered table store fails naming it.
    /// `clients` are the plugin's HTTP clients (blob storage speaks through them); `http`,
    /// `storeSettings` and `source` serve `HttpServer` and `RestService` datasets, which are sources
    /// only: the clients, given only for a source, the source's `storeSettings` (HTTP) and the
    /// whole source object (REST).
    static func resolve(
        _ dataset: Invocation.Dataset, tableStores: [StoreKind: any TableStore], clients: HttpClients?,
        http: HttpClients? = nil, storeSettings: JSONValue? = nil, source: JSONValue? = nil
    ) throws(ActivityFailure) -> DatasetStore {
        guard let service = dataset.linkedService else {
            throw DataFailure.invalidDataset(
                path: "dataset '\(dataset.name)' linkedServiceName", problem: "the dataset has no resolved linked service"
            ).failure
        }
        guard let kind = StoreKind(linkedServiceType: service.type) else {
            throw StoreKind.unreachable(linkedService: service.name, type: service.type)
        }
        switch kind {
        case .fileServer:
            return .files(try fileServer(service))
        case .http:
            guard let http else {
                throw ActivityFailure.userError(
                    "HTTP datasets are sources only (Copy and Lookup); '\(dataset.name)' cannot be used here.",
                    code: DataErrorCode.invalidDataset)
            }
            return .files(try HttpFileStore.make(service, clients: http, storeSettings: storeSettings))
        case .rest:
            guard let http else {
                throw ActivityFailure.userError(
                    "REST datasets are sources only (Copy and Lookup); '\(dataset.name)' cannot be used here.",
                    code: DataErrorCode.invalidDataset)
            }
            return .files(
                try RestFileStore.make(
                    dataset, service: service, source: source, clients: http, tokens: http.tokens,
                    authorityHost: http.authorityHost))
        case .blobStorage:
            guard let clients = clients ?? http else {
                throw ActivityFailure.systemError(
                    "The data plugin has no HTTP client to reach blob storage for '\(dataset.name)'.",
                    code: DataErrorCode.fileOperationFailed)
            }
            return .files(try BlobFileStore.make(service, client: clients.client))
        case .postgreSQL:
            guard let store = tableStores[kind] else {
                throw ActivityFailure.userError(
                    "Linked service '\(service.name)' is of type '\(service.type)', a table store this build of the "
                        + "data plugin has no driver for.", code: DataErrorCode.tableStoreUnavailable)
            }
            return .table(store)
        }
    }

    /// A `FileServer` linked service: `host` is the local folder.
    static func fileServer(_ service: Invocation.LinkedService) throws(ActivityFailure) -> LocalFileStore {
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        let host = try reader.requiredString("host")
        guard !host.isEmpty else {
            throw ActivityFailure.invalidProperty(reader.member("host"), "give the local folder the datasets are under")
        }
        return LocalFileStore(root: host, linkedServiceName: service.name)
    }
}
