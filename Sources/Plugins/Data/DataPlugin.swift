import PluginKit

/// ADF's data activities: Copy, Lookup, GetMetadata, Delete and Validation over datasets on local
/// files, blob storage, HTTP, REST and PostgreSQL. docs/data-activities.md is the
/// user's guide.
public struct DataPlugin: Plugin {
    public static let id = "org.pipehost.data"
    public static let version = "1.0.0"
    public static let summary = "Copy, Lookup, GetMetadata, Delete and Validation on local files, HTTP and PostgreSQL"
    public static let activities: [ActivityDefinition<DataPlugin>] = [
        .runAsync("Copy", summary: "Copies files or rows from the input dataset to the output dataset", input: JSONValue.self) {
            plugin, call in try await Cancellation.watching(call) { try await CopyActivity(plugin: plugin, call: call).run() }
        }.reaching(linkedServiceTypes: StoreKind.reachableTypes),
        .runAsync("Lookup", summary: "Returns the first row or the rows of a dataset", input: JSONValue.self) {
            plugin, call in try await Cancellation.watching(call) { try await LookupActivity(plugin: plugin, call: call).run() }
        }.reaching(linkedServiceTypes: StoreKind.reachableTypes),
        .runAsync("GetMetadata", summary: "Returns facts about a dataset's file, folder or table", input: JSONValue.self) {
            plugin, call in try await Cancellation.watching(call) { try await GetMetadataActivity(plugin: plugin, call: call).run() }
        }.reaching(linkedServiceTypes: StoreKind.reachableTypes),
        .runAsync("Delete", summary: "Deletes a dataset's files or folder", input: JSONValue.self) {
            plugin, call in try await Cancellation.watching(call) { try await DeleteActivity(plugin: plugin, call: call).run() }
        }.reaching(linkedServiceTypes: StoreKind.reachableTypes),
        .longRunning(
            "Validation", summary: "Waits until a dataset's file or folder exists and meets conditions",
            input: JSONValue.self, state: ValidationActivity.State.self, output: JSONValue.self,
            start: { plugin, call in try await ValidationActivity.start(plugin, call) },
            poll: { plugin, call, state in try await ValidationActivity.poll(plugin, call, state) },
            cancel: { _, _, _ in }
        ).reaching(linkedServiceTypes: StoreKind.reachableTypes),
    ]

    /// The stores of tables, by kind; the activities route table datasets through them, and a
    /// dataset of a table kind missing here fails with a clear message.
    let tableStores: [StoreKind: any TableStore]
    /// PostgreSQL's store, kept apart too so that shutdown can close its connections.
    let postgres: PostgresTableStore
    /// The HTTP client of `HttpServer` and `RestService` sources and blob storage.
    let http: HttpClients

    public init(host: HostServices, settings: JSONValue) throws {
        let settings = try DataSettings(settings)
        postgres = PostgresTableStore()
        tableStores = [.postgreSQL: postgres]
        http = HttpClients(authorityHost: settings.authorityHost)
    }

    /// Closes the pooled PostgreSQL connections in the background (it must not block the host's
    /// thread on work that needs the cooperative pool) and the HTTP clients.
    public func shutdown() {
        http.shutdown()
        let postgres = self.postgres
        Task.detached { await postgres.shutdown() }
    }
}
