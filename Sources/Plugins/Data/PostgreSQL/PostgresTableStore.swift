import PluginKit
import PostgresSupport

/// PostgreSQL tables and queries as a source and a sink (`PostgreSql`, `AzurePostgreSql`,
/// `PostgreSqlV2` linked services; `PostgreSqlTable`, `AzurePostgreSqlTable`, `PostgreSqlV2Table`
/// datasets). One connection pool per linked service, shared by every activity of the plugin.
struct PostgresTableStore: TableStore {
    let pools: PostgresPoolRegistry

    init(maximumConnectionsPerLinkedService: Int = 4) {
        pools = PostgresPoolRegistry(maximumConnectionsPerLinkedService: maximumConnectionsPerLinkedService)
    }

    func reader(dataset: Invocation.Dataset, source: JSONValue) async throws(ActivityFailure) -> any RowReader {
        let settings = try PostgresSourceSettings(dataset: dataset, source: source)
        let pool = try pool(for: dataset, side: .source)
        let what =
            (try? PostgresTableName(dataset: dataset)).flatMap { $0 }.map { "reading '\($0)'" } ?? "running the query"
        return try await PostgresRowReader.open(settings: settings, pool: pool, description: what)
    }

    func writer(dataset: Invocation.Dataset, sink: JSONValue, columns: [Column]) async throws(ActivityFailure)
        -> any RowWriter
    {
        let settings = try PostgresSinkSettings(sink: sink)
        guard let table = try PostgresTableName(dataset: dataset) else {
            throw .missingProperty("dataset '\(dataset.name)'.typeProperties.table")
        }
        guard !columns.isEmpty else {
            throw PostgresStoreFailure.failure(
                .sink, PostgresStoreFailure.InnerCode.dataConversion,
                "The source has no columns to write to '\(table)'.")
        }
        let pool = try pool(for: dataset, side: .sink)
        return try await PostgresRowWriter.open(table: table, columns: columns, settings: settings, pool: pool)
    }

    /// Closes the pools' idle connections.
    func shutdown() async {
        await pools.shutdown()
    }

    private func pool(for dataset: Invocation.Dataset, side: PostgresStoreFailure.Side) throws(ActivityFailure)
        -> PostgresConnectionPool
    {
        guard let service = dataset.linkedService else {
            throw .missingProperty("dataset '\(dataset.name)'.linkedServiceName")
        }
        let settings = try PostgresConnectionSettings(
            linkedService: service.name, typeProperties: service.typeProperties)
        do {
            return try pools.pool(linkedService: service.name, settings: settings)
        } catch {
            throw PostgresStoreFailure.connect(side, error)
        }
    }
}
