import Foundation
import HostCore
import Logging
import PipehostJSON
import PostgresNIO

/// The PostgreSQL cluster `scripts/test` starts (its URL in `PIPEHOST_TEST_POSTGRES_URL`), and a
/// direct connection for setting up and checking what the plugin did.
struct TestPostgres {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
    var url: String

    /// Why the PostgreSQL tests cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let logger = Logger(label: "pipehost.test.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// The cluster from the environment, or an error telling how to get one. Never a silent skip.
    static func fromEnvironment() throws -> TestPostgres {
        guard let url = ProcessInfo.processInfo.environment["PIPEHOST_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Unavailable(
                description:
                    "PIPEHOST_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a throwaway "
                    + "PostgreSQL cluster, or start one with scripts/postgres-test-cluster and export the line it prints"
            )
        }
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port,
            let user = components.user, let password = components.password
        else {
            throw Unavailable(
                description: "PIPEHOST_TEST_POSTGRES_URL is not a postgresql://user:password@host:port/db URL")
        }
        let database = String(components.path.dropFirst())
        return TestPostgres(host: host, port: port, user: user, password: password, database: database, url: url)
    }

    /// A linked service for the cluster in ADF's Npgsql connection-string form.
    func linkedService(name: String = "Warehouse", password: String? = nil, type: String = "AzurePostgreSql")
        -> ResolvedLinkedService
    {
        ResolvedLinkedService(
            name: name, type: type,
            typeProperties: [
                "connectionString": .string(
                    "Host=\(host);Port=\(port);Database=\(database);Username=\(user);SSL Mode=Prefer;Timeout=5"),
                "password": ["type": "SecureString", "value": .string(password ?? self.password)],
            ])
    }

    /// Runs `body` with a direct connection, closed afterwards.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable),
            id: 1, logger: Self.logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs SQL statements (no results).
    func execute(_ statements: String...) async throws {
        try await withConnection { connection in
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
            }
        }
    }

    /// Every row of a query whose columns are all text (cast them with ::text), NULL as nil.
    func rows(_ sql: String) async throws -> [[String?]] {
        try await withConnection { connection in
            var rows: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {
                var values: [String?] = []
                for cell in row { values.append(try cell.decode(String?.self)) }
                rows.append(values)
            }
            return rows
        }
    }

    /// A fresh schema name for one test, so tests running in parallel never share objects.
    static func schemaName() -> String {
        "sp_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }
}
