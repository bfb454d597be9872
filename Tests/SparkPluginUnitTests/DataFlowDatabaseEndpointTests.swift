import DataFlowScript
import DataPluginCore
import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import SparkPluginCore

/// Data flow sources and sinks on PostgreSQL: the JDBC store the plan gets (never the password),
/// the refusals that name what to fix, and where the JDBC driver comes from.
@Suite(.tags(.small))
struct DataFlowDatabaseEndpointTests {
    static let warehouse: JSONValue = [
        "name": "Warehouse", "type": "AzurePostgreSql",
        "typeProperties": [
            "connectionString": "Host=db.example.org;Port=6432;Database=sales dw;Username=loader;SSL Mode=Require",
            "password": ["type": "SecureString", "value": "s3cret"],
        ],
    ]

    static func flow(dataset: JSONValue?, service: JSONValue = warehouse) throws -> Invocation.DataFlow {
        guard case .object(var members)? = dataset else {
            return try #require(
                Invocation.DataFlow(json: ["name": "Flow", "type": "MappingDataFlow", "linkedServices": ["Rows": service]]))
        }
        members["linkedService"] = service
        return try #require(
            Invocation.DataFlow(json: ["name": "Flow", "type": "MappingDataFlow", "datasets": ["Rows": .object(members)]]))
    }

    static func endpoint(_ script: String, _ flow: Invocation.DataFlow, options: [String: Constant] = [:]) throws
        -> DataFlowDatabaseEndpoint?
    {
        let statement = try #require(try DataFlowScript.parse(script).statements.last)
        return try DataFlowDatabaseEndpoint(statement: statement, dataFlow: flow, scriptOptions: options)
    }

    @Test("a PostgreSQL table dataset becomes a JDBC store: URL with SSL mode and timeout, schema and table, the password only in the environment")
    func tableStore() throws {
        let flow = try Self.flow(dataset: [
            "name": "Orders", "type": "AzurePostgreSqlTable", "typeProperties": ["schema": "sales", "table": "Orders"],
        ])
        let endpoint = try #require(try Self.endpoint("source() ~> Rows", flow))
        let store = endpoint.planStore(passwordEnv: "PW_1")
        #expect(
            store
                == .jdbc(
                    url: "jdbc:postgresql://db.example.org:6432/sales%20dw?sslmode=require&connectTimeout=10&ApplicationName=pipehost",
                    schema: "sales", table: "Orders", query: nil, user: "loader", passwordEnv: "PW_1"))
        #expect(!JSONSerializer.serialize(store.json).contains("s3cret"))
    }

    @Test("the older tableName form and an inline dataset's schemaName and tableName name the table")
    func tableNames() throws {
        let older = try Self.flow(dataset: [
            "name": "Orders", "type": "PostgreSqlTable", "typeProperties": ["tableName": "\"Sales\".orders"],
        ])
        let fromDataset = try #require(try Self.endpoint("source() ~> Rows", older))
        #expect(fromDataset.table?.schema == "Sales" && fromDataset.table?.table == "orders")
        let inline = try #require(
            try Self.endpoint(
                "In sink() ~> Rows", try Self.flow(dataset: nil),
                options: ["schemaName": .string("public"), "tableName": .string("totals")]))
        #expect(inline.table?.schema == "public" && inline.table?.table == "totals")
    }

    @Test("a store that is not PostgreSQL is not a database endpoint")
    func otherStores() throws {
        let lake: JSONValue = ["name": "Lake", "type": "FileServer", "typeProperties": ["host": "/data"]]
        let flow = try Self.flow(
            dataset: ["name": "Csv", "type": "DelimitedText", "typeProperties": [:]], service: lake)
        #expect(try Self.endpoint("source() ~> Rows", flow) == nil)
    }

    @Test("a sink without a table, or a source with neither table nor query, fails naming what to give")
    func noTable() throws {
        let flow = try Self.flow(dataset: ["name": "Orders", "type": "AzurePostgreSqlTable", "typeProperties": [:]])
        #expect {
            _ = try Self.endpoint("In sink() ~> Rows", flow)
        } throws: { error in
            let failure = error as? ActivityFailure
            return failure?.errorCode == "DF-Executor-StoreIsNotDefined"
                && failure?.message
                    == "The sink 'Rows' reaches PostgreSQL through linked service 'Warehouse' but names no table: give dataset 'Orders' typeProperties.schema and .table."
        }
        #expect(try Self.endpoint("source() ~> Rows", flow, options: ["query": .string("select 1")]) != nil)
    }

    @Test("the JDBC driver jar: the plugin's setting, then PIPEHOST_POSTGRESQL_JDBC_JAR, and a clear failure for a missing file")
    func driverJar() throws {
        let jar = NSTemporaryDirectory() + "pipehost-jdbc-\(UUID().uuidString).jar"
        FileManager.default.createFile(atPath: jar, contents: Data("jar".utf8))
        defer { try? FileManager.default.removeItem(atPath: jar) }
        var settings = try SparkSettings([:])
        #expect(try PostgresJDBCDriver.locate(settings, environment: ["PIPEHOST_POSTGRESQL_JDBC_JAR": jar]) == jar)
        settings.postgresJdbcJar = jar + ".missing"
        #expect {
            _ = try PostgresJDBCDriver.locate(settings, environment: ["PIPEHOST_POSTGRESQL_JDBC_JAR": jar])
        } throws: { error in
            (error as? ActivityFailure)?.message
                == "The plugin's postgresJdbcJar setting is '\(jar).missing', which is not a readable file: name PostgreSQL's JDBC driver jar there."
        }
    }
}
