import Foundation
import Logging
import PipehostJSON
import PluginKit
import PostgresNIO

/// The PostgreSQL cluster `scripts/test` starts (its URL in `PIPEHOST_TEST_POSTGRES_URL`): datasets
/// that point at it, and a direct connection for setting up and checking tables.
struct TestDatabase {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String

    /// Why the PostgreSQL tests cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let logger = Logger(label: "pipehost.test.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// The cluster from the environment, or an error telling how to get one. Never a silent skip.
    static func fromEnvironment() throws -> TestDatabase {
        guard let url = ProcessInfo.processInfo.environment["PIPEHOST_TEST_POSTGRES_URL"], !url.isEmpty,
            let components = URLComponents(string: url), let host = components.host, let port = components.port,
            let user = components.user, let password = components.password
        else {
            throw Unavailable(
                description:
                    "PIPEHOST_TEST_POSTGRES_URL is not set to a postgresql://user:password@host:port/db URL: run the tests "
                    + "with scripts/test, or start a cluster with scripts/postgres-test-cluster and export the line it prints"
            )
        }
        return TestDatabase(
            host: host, port: port, user: user, password: password, database: String(components.path.dropFirst()))
    }

    /// A resolved dataset of `type` on the cluster, its linked service embedded (as the host hands it over).
    func dataset(
        _ typeProperties: JSONValue, type: String = "AzurePostgreSqlTable", password: String? = nil, port: Int? = nil
    ) throws -> Invocation.Dataset {
        let linkedService: JSONValue = [
            "name": "Warehouse", "type": "AzurePostgreSql",
            "typeProperties": [
                "connectionString": .string(
                    "Host=\(host);Port=\(port ?? self.port);Database=\(database);Username=\(user);SSL Mode=Disable;Timeout=5"
                ),
                "password": ["type": "SecureString", "value": .string(password ?? self.password)],
            ],
        ]
        let json: JSONValue = [
            "name": "Table", "type": .string(type), "typeProperties": typeProperties, "linkedService": linkedService,
        ]
        guard let dataset = Invocation.Dataset(json: json) else {
            throw Unavailable(description: "PluginKit did not read the test's dataset \(json)")
        }
        return dataset
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

    /// Runs SQL statements.
    func execute(_ statements: String...) async throws {
        try await withConnection { connection in
            for statement in statements {
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
                {}
            }
        }
    }

    /// Every row of a query, each value as text (NULL as nil).
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

    /// A fresh schema for one test, so tests running in parallel never share tables.
    func freshSchema() async throws -> String {
        let schema = "dp_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await execute("CREATE SCHEMA \(schema)")
        return schema
    }

    func drop(_ schema: String) async {
        try? await execute("DROP SCHEMA \(schema) CASCADE")
    }
}
