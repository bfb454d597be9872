import PluginKit

/// ADF's data activities: Copy, Lookup, GetMetadata, Delete and Validation over datasets on local
/// files, Azure Blob Storage / Data Lake Gen2, HTTP and PostgreSQL. docs/data-activities.md is the
/// user's guide.
public struct DataPlugin: Plugin {
    public static let id = "org.pipehost.data"
    public static let version = "1.0.0"
    public static let summary = "Copy, Lookup, GetMetadata, Delete and Validation on files, blobs, HTTP and PostgreSQL"
    public static let activities: [ActivityDefinition<DataPlugin>] = []

    /// The stores of tables, by kind; the activities route table datasets through them.
    let tableStores: [StoreKind: any TableStore]
    /// PostgreSQL's store, kept apart too so that shutdown can close its connections.
    let postgres: PostgresTableStore

    public init(host: HostServices, settings: JSONValue) throws {
        postgres = PostgresTableStore()
        var tableStores: [StoreKind: any TableStore] = [:]
        tableStores[.postgreSQL] = postgres
        self.tableStores = tableStores
    }

    /// Closes the pooled PostgreSQL connections in the background; it must not block the host's
    /// thread on work that needs the cooperative pool.
    public func shutdown() {
        let postgres = self.postgres
        Task.detached { await postgres.shutdown() }
    }
}

/// The plugin's entry point (docs/plugin-abi.md).
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(DataPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
