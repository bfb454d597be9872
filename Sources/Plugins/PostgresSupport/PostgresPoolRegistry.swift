import PluginKit
import Synchronization

/// One connection pool per linked service (name and connection settings), created on first use
/// and closed together at shutdown. A plugin keeps one registry for all its activities.
public final class PostgresPoolRegistry: Sendable {
    private struct PoolKey: Hashable {
        var linkedService: String
        var settings: PostgresConnectionSettings
    }

    private let pools = Mutex<[PoolKey: PostgresConnectionPool]>([:])
    private let maximumConnectionsPerLinkedService: Int

    /// - Parameter maximumConnectionsPerLinkedService: how many connections one linked service may
    ///   hold open at once; callers beyond that wait for a free one.
    public init(maximumConnectionsPerLinkedService: Int) {
        self.maximumConnectionsPerLinkedService = maximumConnectionsPerLinkedService
    }

    /// The pool of a linked service, created on first use.
    public func pool(linkedService: String, settings: PostgresConnectionSettings) throws(ActivityFailure)
        -> PostgresConnectionPool
    {
        let key = PoolKey(linkedService: linkedService, settings: settings)
        if let pool = pools.withLock({ $0[key] }) { return pool }
        let connector = try PostgresConnector(settings: settings, linkedServiceName: linkedService)
        return pools.withLock { pools in
            if let pool = pools[key] { return pool }
            let pool = PostgresConnectionPool(
                connector: connector, maximumConnections: maximumConnectionsPerLinkedService)
            pools[key] = pool
            return pool
        }
    }

    /// Closes every pool's idle connections; pools asked for afterwards start afresh.
    public func shutdown() async {
        let all = pools.withLock { pools in
            let all = Array(pools.values)
            pools.removeAll()
            return all
        }
        for pool in all { await pool.close() }
    }
}
