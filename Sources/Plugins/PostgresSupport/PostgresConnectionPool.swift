import PluginKit
import PostgresNIO

/// The open connections of one linked service: idle ones are reused, up to `maximumConnections`
/// are open at once, and callers beyond that wait their turn (first come, first served).
public actor PostgresConnectionPool {
    public nonisolated let connector: PostgresConnector
    public nonisolated let maximumConnections: Int
    private var idle: [PooledPostgresConnection] = []
    private var openCount = 0
    private var nextConnectionID = 1
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID = 0
    private var isClosed = false

    public init(connector: PostgresConnector, maximumConnections: Int) {
        self.connector = connector
        self.maximumConnections = max(1, maximumConnections)
    }

    /// A connection for one statement; give it back with ``release(_:reusable:)``.
    public func lease() async throws(ActivityFailure) -> PooledPostgresConnection {
        while true {
            guard !isClosed else {
                throw .systemError(
                    "The plugin is shutting down; no new statements start.",
                    code: PostgresErrorCode.sqlFailedToConnect)
            }
            if let connection = idle.popLast() {
                if connection.connection.isClosed {
                    openCount -= 1
                    continue
                }
                return connection
            }
            if openCount < maximumConnections {
                openCount += 1
                let id = nextConnectionID
                nextConnectionID += 1
                do {
                    return try await connector.connect(id: id)
                } catch {
                    openCount -= 1
                    wakeOneWaiter()
                    throw error
                }
            }
            do {
                try await waitForRelease()
            } catch {
                throw .cancelled
            }
        }
    }

    /// Returns a leased connection. One that broke, or whose statement could not be stopped, is
    /// closed instead of being reused.
    public func release(_ connection: PooledPostgresConnection, reusable: Bool) async {
        if reusable && !isClosed && !connection.connection.isClosed {
            idle.append(connection)
        } else {
            openCount -= 1
            try? await connection.connection.close()
        }
        wakeOneWaiter()
    }

    /// Closes every idle connection and refuses new leases.
    public func close() async {
        isClosed = true
        let connections = idle
        idle.removeAll()
        openCount -= connections.count
        for connection in connections { try? await connection.connection.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: CancellationError()) }
        waiters.removeAll()
    }

    /// How many connections are open (idle or leased), for tests and benchmarks.
    public var openConnections: Int { openCount }

    private func waitForRelease() async throws {
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func wakeOneWaiter() {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume()
    }
}
