import Foundation
import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// The PostgreSQL backend through the real plugin and loader, against the real cluster that
/// `scripts/test` starts. Without it these tests fail and say how to start one.
@Suite("Stored procedures: PostgreSQL", .tags(.medium), .timeLimit(.minutes(3)))
struct PostgresProcedureTests {
    let harness = StoredProcedureHarness()

    /// A schema of its own with the procedures the tests call.
    func prepare() async throws -> (TestPostgres, String) {
        let postgres = try TestPostgres.fromEnvironment()
        let schema = TestPostgres.schemaName()
        let columns = """
            p_int16 smallint, p_int32 integer, p_int64 bigint, p_decimal numeric, p_double double precision,
            p_single real, p_bool boolean, p_guid uuid, p_date date, p_datetime timestamp, p_dto timestamptz,
            p_span interval, p_bytes bytea, p_text text
            """
        try await postgres.execute(
            "CREATE SCHEMA \(schema)",
            "CREATE TABLE \(schema).received (\(columns))",
            """
            CREATE PROCEDURE \(schema).usp_store(\(columns)) LANGUAGE sql AS $$
              INSERT INTO \(schema).received VALUES (p_int16, p_int32, p_int64, p_decimal, p_double, p_single, p_bool,
                p_guid, p_date, p_datetime, p_dto, p_span, p_bytes, p_text) $$
            """,
            """
            CREATE PROCEDURE \(schema).usp_raise(reason text) LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'The Stored Procedure intentionally failed: %', reason; END $$
            """,
            """
            CREATE PROCEDURE \(schema).usp_raise_numbered() LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'numbered failure' USING ERRCODE = '50001', HINT = 'try again tomorrow'; END $$
            """,
            """
            CREATE PROCEDURE \(schema).usp_sleep(seconds double precision) LANGUAGE plpgsql AS $$
              BEGIN PERFORM pg_sleep(seconds); END $$
            """,
            "CREATE PROCEDURE \(schema).usp_noop() LANGUAGE sql AS $$ SELECT 1 $$")
        return (postgres, schema)
    }

    func cleanUp(_ postgres: TestPostgres?, _ schema: String?) async {
        harness.shutdown()
        if let postgres, let schema { try? await postgres.execute("DROP SCHEMA \(schema) CASCADE") }
    }

    let readBack = """
        SELECT p_int16::text, p_int32::text, p_int64::text, p_decimal::text, p_double::text, p_single::text, p_bool::text,
          p_guid::text, p_date::text, p_datetime::text, to_char(p_dto AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'),
          p_span::text, p_bytes::text, p_text
        """

    @Test("every parameter type round-trips into the table the procedure writes, bound by name")
    func everyType() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let outcome = try await harness.run(
            [
                "storedProcedureName": .string("[\(schema)].[usp_store]"),
                "storedProcedureParameters": [
                    // Not in the procedure's order: parameters are bound by name.
                    "p_text": ["value": "grüße 'single' \"double\" $1", "type": "String"],
                    "p_int16": ["value": "-32768", "type": "Int16"],
                    "p_int32": ["value": 2_147_483_647, "type": "Int"],
                    "@p_int64": ["value": "-9223372036854775808", "type": "int64"],
                    "p_decimal": ["value": "12345678901234567890.123456789", "type": "Decimal"],
                    "p_double": ["value": 3.141592653589793, "type": "Double"],
                    "p_single": ["value": "1.5", "type": "Single"],
                    "p_bool": ["value": "True", "type": "Boolean"],
                    "p_guid": ["value": "6F1C2D4E-0C36-4F63-9D55-2F0B3F1E9A10", "type": "Guid"],
                    "p_date": ["value": "2024-05-01", "type": "Date"],
                    "p_datetime": ["value": "2024-05-01T10:20:30.123", "type": "DateTime"],
                    "p_dto": ["value": "2024-05-01T10:20:30+02:00", "type": "DateTimeOffset"],
                    "p_span": ["value": "1.02:03:04", "type": "TimeSpan"],
                    "p_bytes": ["value": "0x00ff10", "type": "Byte[]"],
                ],
            ], linkedService: postgres.linkedService())
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["storedProcedure"]?["backend"] == "PostgreSQL")
        let statement = try #require(output["storedProcedure"]?["statement"]?.stringValue)
        #expect(statement.hasPrefix("CALL \"\(schema)\".\"usp_store\"(p_text => $1::text, p_int16 => $2::smallint"))
        let rows = try await postgres.rows("\(readBack) FROM \(schema).received")
        #expect(
            rows == [
                [
                    "-32768", "2147483647", "-9223372036854775808", "12345678901234567890.123456789",
                    "3.141592653589793",
                    "1.5", "true", "6f1c2d4e-0c36-4f63-9d55-2f0b3f1e9a10", "2024-05-01", "2024-05-01 10:20:30.123",
                    "2024-05-01T08:20:30", "1 day 02:03:04", "\\x00ff10", "grüße 'single' \"double\" $1",
                ]
            ])
    }

    @Test("null values arrive as SQL NULL of every type")
    func nulls() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        var parameters = JSONObject()
        for (name, type) in [
            ("p_int16", "Int16"), ("p_int32", "Int32"), ("p_int64", "Int64"), ("p_decimal", "Decimal"),
            ("p_double", "Double"), ("p_single", "Single"), ("p_bool", "Boolean"), ("p_guid", "Guid"),
            ("p_date", "Date"),
            ("p_datetime", "DateTime"), ("p_dto", "DateTimeOffset"), ("p_span", "TimeSpan"), ("p_bytes", "Byte[]"),
            ("p_text", "String"),
        ] {
            parameters[name] = ["value": .null, "type": .string(type)]
        }
        let outcome = try await harness.run(
            ["storedProcedureName": .string("\(schema).usp_store"), "storedProcedureParameters": .object(parameters)],
            linkedService: postgres.linkedService())
        #expect(outcome.output != nil, "\(outcome)")
        let rows = try await postgres.rows("\(readBack) FROM \(schema).received")
        #expect(rows == [Array(repeating: nil, count: 14)])
    }

    @Test("a procedure that raises fails with 2402, the mapped number and the server's message")
    func raises() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": .string("\(schema).usp_raise"),
                    "storedProcedureParameters": ["reason": "no rows today"],
                ], linkedService: postgres.linkedService()
            ).error)
        #expect(error.errorCode == "2402")
        #expect(error.failureType == .userError)
        #expect(
            error.message
                == "Execution fail against sql server. Sql error number: 50000. Error Message: The Stored Procedure intentionally failed: no rows today (SQLSTATE P0001)"
        )
        #expect(error.details?["sqlState"] == "P0001")

        let numbered = try #require(
            try await harness.run(
                ["storedProcedureName": .string("\(schema).usp_raise_numbered")],
                linkedService: postgres.linkedService()
            ).error)
        #expect(
            numbered.message
                == "Execution fail against sql server. Sql error number: 50001. Error Message: numbered failure (SQLSTATE 50001) Hint: try again tomorrow"
        )

        let missing = try #require(
            try await harness.run(
                ["storedProcedureName": .string("\(schema).usp_missing")], linkedService: postgres.linkedService()
            ).error)
        #expect(missing.errorCode == "2402")
        #expect(
            missing.message.hasPrefix(
                "Execution fail against sql server. Sql error number: 42883. Error Message: procedure"))
        #expect(missing.message.contains("(SQLSTATE 42883)"))
    }

    @Test("a sleeping procedure is cancelled on the server when the activity is cancelled or times out")
    func cancellation() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let running =
            "SELECT count(*)::text FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'CALL \"\(schema)\"%'"
        let harness = self.harness
        let call = Task {
            try await harness.run(
                [
                    "storedProcedureName": .string("[\(schema)].[usp_sleep]"),
                    "storedProcedureParameters": ["seconds": ["value": 60, "type": "Double"]],
                ], linkedService: postgres.linkedService())
        }
        // Wait until the server runs the statement (the runner cancels an attempt's task on timeout).
        var seen = false
        for _ in 0..<400 where !seen {
            seen = try await postgres.rows(running) == [["1"]]
            if !seen { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen, "the CALL never showed up in pg_stat_activity")
        call.cancel()
        let outcome = try await call.value
        #expect(outcome == .cancelled)
        // The server may take a moment to show the backend idle; it must, well before 60 s.
        var remaining = try await postgres.rows(running)
        for _ in 0..<100 where remaining != [["0"]] {
            try await Task.sleep(for: .milliseconds(50))
            remaining = try await postgres.rows(running)
        }
        #expect(remaining == [["0"]], "the statement is still running on the server")
    }

    @Test("a wrong password is a clear connection error that never shows the password")
    func badPassword() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let wrong = "not-the-password-4711"
        let error = try #require(
            try await harness.run(
                ["storedProcedureName": .string("\(schema).usp_noop")],
                linkedService: postgres.linkedService(name: "BadCredentials", password: wrong)
            ).error)
        #expect(error.errorCode == "SqlFailedToConnect")
        #expect(error.message.contains("linked service 'BadCredentials'"))
        #expect(error.message.contains("password authentication failed"))
        #expect(error.message.contains("Check the user name and password"))
        #expect(!error.json(target: "x").description.contains(wrong))
        #expect(!error.json(target: "x").description.contains(postgres.password))
    }

    @Test("libpq, URL and discrete-property linked services all connect")
    func connectionStringForms() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let services: [ResolvedLinkedService] = [
            ResolvedLinkedService(
                name: "Libpq", type: "PostgreSql",
                typeProperties: [
                    "connectionString": .string(
                        "host=\(postgres.host) port=\(postgres.port) dbname=\(postgres.database) user=\(postgres.user) password='\(postgres.password)' sslmode=disable"
                    )
                ]),
            ResolvedLinkedService(
                name: "Url", type: "AzurePostgreSql", typeProperties: ["connectionString": .string(postgres.url)]),
            ResolvedLinkedService(
                name: "Discrete", type: "PostgreSqlV2",
                typeProperties: [
                    "server": .string(postgres.host), "port": .integer(Int64(postgres.port)),
                    "database": .string(postgres.database), "username": .string(postgres.user),
                    "password": .string(postgres.password), "sslMode": 0,
                ]),
        ]
        for service in services {
            let outcome = try await harness.run(
                ["storedProcedureName": .string("\(schema).usp_noop")], linkedService: service)
            #expect(outcome.output != nil, "\(service.name): \(outcome)")
        }
    }

    @Test("concurrent activities share a bounded pool per linked service")
    func pooling() async throws {
        let (postgres, schema) = try await prepare()
        defer { Task { await cleanUp(postgres, schema) } }
        let role = "r_\(schema)"
        try await postgres.execute(
            "CREATE ROLE \(role) LOGIN PASSWORD 'pool-test'", "GRANT USAGE ON SCHEMA \(schema) TO \(role)",
            "GRANT EXECUTE ON PROCEDURE \(schema).usp_sleep(double precision) TO \(role)")
        let pooled = StoredProcedureHarness(settings: ["maximumConnectionsPerLinkedService": 2])
        let service = ResolvedLinkedService(
            name: "Pooled", type: "AzurePostgreSql",
            typeProperties: [
                "connectionString": .string(
                    "Server=\(postgres.host);Port=\(postgres.port);Database=\(postgres.database);User Id=\(role);Password=pool-test"
                )
            ])
        let outcomes = try await withThrowingTaskGroup(of: ActivityOutcome.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await pooled.run(
                        [
                            "storedProcedureName": .string("\(schema).usp_sleep"),
                            "storedProcedureParameters": ["seconds": ["value": 0.2, "type": "Double"]],
                        ], linkedService: service)
                }
            }
            var all: [ActivityOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 8)
        #expect(outcomes.allSatisfy { $0.output != nil }, "\(outcomes)")
        let open = try await postgres.rows("SELECT count(*)::text FROM pg_stat_activity WHERE usename = '\(role)'")
        #expect(open == [["2"]])
        pooled.shutdown()
        var afterShutdown = try await postgres.rows(
            "SELECT count(*)::text FROM pg_stat_activity WHERE usename = '\(role)'")
        for _ in 0..<100 where afterShutdown != [["0"]] {
            try await Task.sleep(for: .milliseconds(50))
            afterShutdown = try await postgres.rows(
                "SELECT count(*)::text FROM pg_stat_activity WHERE usename = '\(role)'")
        }
        #expect(afterShutdown == [["0"]], "shutting the plugin down closes its connections")
        try await postgres.execute("DROP OWNED BY \(role)", "DROP ROLE \(role)")
    }
}
