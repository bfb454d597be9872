import Foundation
import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// The Script activity through the real plugin and loader, against the real cluster that
/// `scripts/test` starts.
@Suite("Script activity: PostgreSQL", .tags(.medium), .timeLimit(.minutes(3)))
struct ScriptActivityTests {
    let harness = StoredProcedureHarness()

    func prepare() async throws -> (TestPostgres, String) {
        let postgres = try TestPostgres.fromEnvironment()
        let schema = TestPostgres.schemaName()
        try await postgres.execute(
            "CREATE SCHEMA \(schema)",
            "CREATE TABLE \(schema).items (id integer PRIMARY KEY, name text, price numeric(10,2))",
            "INSERT INTO \(schema).items VALUES (1, 'apple', 1.50), (2, 'pear', 2.25)",
            """
            CREATE PROCEDURE \(schema).usp_total(IN factor integer, INOUT total numeric) LANGUAGE plpgsql AS $$
              BEGIN SELECT sum(price) * factor INTO total FROM \(schema).items; END $$
            """)
        return (postgres, schema)
    }

    func cleanUp(_ postgres: TestPostgres?, _ schema: String?) async {
        harness.shutdown()
        if let postgres, let schema { try? await postgres.execute("DROP SCHEMA \(schema) CASCADE") }
    }

    @Test("Query and NonQuery blocks: result sets, records affected and ADF's output members")
    func queryAndNonQuery() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let outcome = try await harness.runScript(
            [
                "scripts": [
                    [
                        "type": "NonQuery",
                        "text": .string(
                            "INSERT INTO \(schema).items VALUES (3, 'plum; ripe', 0.75); UPDATE \(schema).items SET price = price + 1 WHERE id < 3"
                        ),
                    ],
                    [
                        "type": "Query",
                        "text": .string(
                            "SELECT id, name, price FROM \(schema).items ORDER BY id; SELECT count(*) AS n FROM \(schema).items WHERE false"
                        ),
                    ],
                ],
                "scriptBlockExecutionTimeout": "00:01:00",
            ], linkedService: postgres.linkedService())
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["resultSetCount"] == 2)
        #expect(output["recordsAffected"] == 3)
        #expect(output["resultSets"]?[0]?["rowCount"] == 3)
        #expect(
            output["resultSets"]?[0]?["rows"] == [
                ["id": 1, "name": "apple", "price": 2.5], ["id": 2, "name": "pear", "price": 3.25],
                ["id": 3, "name": "plum; ripe", "price": 0.75],
            ])
        #expect(output["resultSets"]?[1] == ["rowCount": 1, "rows": [["n": 0]]])
        #expect(output["outputParameters"] == [:])
        #expect(output["outputTruncated"] == false)
        #expect(output["effectiveIntegrationRuntime"] != nil)
    }

    @Test("parameters are bound, not spliced; Output and InputOutput parameters come back")
    func parameters() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let outcome = try await harness.runScript(
            [
                "scripts": [
                    [
                        "type": "Query",
                        "text": .string(
                            "SELECT name, '@name' AS literal FROM \(schema).items WHERE id = @id OR name = @name ORDER BY id"
                        ),
                        "parameters": [
                            ["name": "id", "type": "Int32", "value": "1", "direction": "Input"],
                            ["name": "@name", "type": "String", "value": "x' OR '1'='1", "direction": "Input"],
                        ],
                    ],
                    [
                        "type": "NonQuery",
                        "text": .string("CALL \(schema).usp_total(@factor, @total)"),
                        "parameters": [
                            ["name": "factor", "type": "Int32", "value": 2],
                            ["name": "total", "type": "Decimal", "direction": "Output"],
                        ],
                    ],
                ]
            ], linkedService: postgres.linkedService())
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["resultSets"]?[0]?["rows"] == [["name": "apple", "literal": "@name"]])
        #expect(output["outputParameters"] == ["total": 7.5])
        #expect(output["resultSetCount"] == 1)
    }

    @Test("more than 5,000 rows are cut at 5,000 and outputTruncated says so")
    func limit() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let outcome = try await harness.runScript(
            ["scripts": [["type": "Query", "text": "SELECT n FROM generate_series(1, 12000) AS n"]]],
            linkedService: postgres.linkedService())
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["resultSets"]?[0]?["rowCount"] == 12000)
        #expect(output["resultSets"]?[0]?["rows"]?.arrayValue?.count == 5000)
        #expect(output["resultSets"]?[0]?["rows"]?[4999] == ["n": 5000])
        #expect(output["outputTruncated"] == true)
    }

    @Test("a block past scriptBlockExecutionTimeout is stopped on the server")
    func timeout() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(
            try await harness.runScript(
                [
                    "scripts": [["type": "NonQuery", "text": "SELECT pg_sleep(0.5); SELECT pg_sleep(30)"]],
                    "scriptBlockExecutionTimeout": "00:00:02",
                ], linkedService: postgres.linkedService()
            ).error)
        #expect(start.duration(to: clock.now) < .seconds(15))
        #expect(error.errorCode == "ScriptBlockTimedOut")
        #expect(error.message.contains("Script block 1 ran longer than scriptBlockExecutionTimeout (2 seconds)"))
        let running = try await postgres.rows(
            "SELECT count(*)::text FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'")
        #expect(running == [["0"]])
    }

    @Test("bad SQL fails with 2402 and the server's message; the blocks before it stay done")
    func badSQL() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let error = try #require(
            try await harness.runScript(
                [
                    "scripts": [
                        ["type": "NonQuery", "text": .string("DELETE FROM \(schema).items WHERE id = 1")],
                        ["type": "Query", "text": "SELEC 1"],
                    ]
                ], linkedService: postgres.linkedService()
            ).error)
        #expect(error.errorCode == "2402")
        #expect(error.message.hasPrefix("Execution fail against sql server. Sql error number:"))
        #expect(error.message.contains("syntax error at or near \"SELEC\""))
        #expect(error.details?["sqlState"] == "42601")
        #expect(try await postgres.rows("SELECT count(*)::text FROM \(schema).items") == [["1"]])
    }

    @Test("invalid typeProperties name the property")
    func validation() async throws {
        let postgres = try TestPostgres.fromEnvironment()
        defer { harness.shutdown() }
        let cases: [(JSONValue, String)] = [
            ([:], "typeProperties.scripts"),
            (["scripts": [["type": "Sometimes", "text": "SELECT 1"]]], "typeProperties.scripts[0].type"),
            (["scripts": [["type": "Query"]]], "typeProperties.scripts[0].text"),
            (
                ["scripts": [["type": "Query", "text": "SELECT 1"]], "scriptBlockExecutionTimeout": "2 hours"],
                "typeProperties.scriptBlockExecutionTimeout"
            ),
            (
                [
                    "scripts": [
                        [
                            "type": "Query", "text": "SELECT @a",
                            "parameters": [["name": "a", "type": "Int32", "value": "x"]],
                        ]
                    ]
                ],
                "typeProperties.scripts[0].parameters[0].value"
            ),
            (
                [
                    "scripts": [
                        ["type": "Query", "text": "SELECT 1", "parameters": [["name": "a", "direction": "Sideways"]]]
                    ]
                ],
                "typeProperties.scripts[0].parameters[0].direction"
            ),
        ]
        for (typeProperties, path) in cases {
            let error = try #require(
                try await harness.runScript(typeProperties, linkedService: postgres.linkedService()).error)
            #expect(error.message.contains("'\(path)'"), "\(path): \(error.message)")
            #expect(["2103", "2104", "2105"].contains(error.errorCode))
        }
    }

    @Test("a PostgreSqlV2 linked service with discrete properties works too")
    func postgreSqlV2() async throws {
        let postgres = try TestPostgres.fromEnvironment()
        defer { harness.shutdown() }
        let service = ResolvedLinkedService(
            name: "WarehouseV2", type: "PostgreSqlV2",
            typeProperties: [
                "server": .string(postgres.host), "port": .integer(Int64(postgres.port)),
                "database": .string(postgres.database), "username": .string(postgres.user),
                "password": ["type": "SecureString", "value": .string(postgres.password)], "sslMode": 0,
                "authenticationType": "Basic",
            ])
        let outcome = try await harness.runScript(
            ["scripts": [["type": "Query", "text": "SELECT current_user::text AS who"]]], linkedService: service)
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["resultSets"]?[0]?["rows"] == [["who": .string(postgres.user)]])
    }

    @Test("a cancelled Script activity stops its statement on the server")
    func cancellation() async throws {
        let postgres = try TestPostgres.fromEnvironment()
        defer { harness.shutdown() }
        let marker = "script_cancel_\(UUID().uuidString.prefix(8).lowercased())"
        let running =
            "SELECT count(*)::text FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60) AS \(marker)%'"
        let harness = self.harness
        let call = Task {
            try await harness.runScript(
                ["scripts": [["type": "Query", "text": .string("SELECT pg_sleep(60) AS \(marker)")]]],
                linkedService: postgres.linkedService())
        }
        var seen = false
        for _ in 0..<400 where !seen {
            seen = try await postgres.rows(running) == [["1"]]
            if !seen { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen, "the statement never showed up in pg_stat_activity")
        call.cancel()
        #expect(try await call.value == .cancelled)
        var remaining = try await postgres.rows(running)
        for _ in 0..<100 where remaining != [["0"]] {
            try await Task.sleep(for: .milliseconds(50))
            remaining = try await postgres.rows(running)
        }
        #expect(remaining == [["0"]], "the statement is still running on the server")
    }

    @Test("the plugin claims Script beside SqlServerStoredProcedure")
    func claimsScript() {
        defer { harness.shutdown() }
        #expect(harness.scriptExecutor?.descriptor.isThreadSafe == true)
        #expect(harness.executor != nil)
    }
}
