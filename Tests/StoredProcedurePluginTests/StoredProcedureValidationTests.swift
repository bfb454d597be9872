import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// What the plugin refuses before it reaches any backend, through the real plugin.
@Suite("Stored procedures: validation", .tags(.medium), .timeLimit(.minutes(1)))
struct StoredProcedureValidationTests {
    let harness = StoredProcedureHarness()
    let native = NativeFixtures.linkedService(path: "/nonexistent/libnothing.so")

    @Test("the plugin loads through the real loader and claims SqlServerStoredProcedure")
    func loads() throws {
        defer { harness.shutdown() }
        let plugin = try #require(harness.host.plugins.first)
        #expect(plugin.state == .loaded, "\(plugin.state)")
        #expect(plugin.declaration?.pluginID == "org.pipehost.storedprocedure")
        #expect(harness.executor?.descriptor.isThreadSafe == true)
        #expect(harness.executor?.descriptor.isLongRunning == false)
    }

    /// A first-run case that needs no database: PostgreSQL not started. The refusal is named as
    /// such, with host and port and what to do, not NIO's "connection reset (error set)".
    @Test("a PostgreSQL server that is not running is named as a refused connection with what to do")
    func postgresNotRunning() async throws {
        defer { harness.shutdown() }
        let service = ResolvedLinkedService(
            name: "Warehouse", type: "AzurePostgreSql",
            typeProperties: ["connectionString": "Host=127.0.0.1;Port=1;Database=db;Username=me;Password=secret-4711"])
        let error = try #require(try await harness.run(["storedProcedureName": "usp_x"], linkedService: service).error)
        #expect(error.errorCode == "SqlFailedToConnect")
        #expect(
            error.message
                == "Could not connect to the PostgreSQL server of the linked service 'Warehouse' (127.0.0.1:1, database 'db', "
                + "user 'me'): the connection was refused: no PostgreSQL server is listening at 127.0.0.1:1. Start the "
                + "server, or correct the host and port of the linked service.")
        #expect(!error.message.contains("reset"))
        #expect(!error.message.contains("secret-4711"))
    }

    @Test("an unknown parameter type is a validation error naming the parameter")
    func unknownType() async throws {
        defer { harness.shutdown() }
        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": "usp_x",
                    "storedProcedureParameters": ["amount": ["value": "1", "type": "Money"]],
                ], linkedService: native
            ).error)
        #expect(error.errorCode == "2105")
        #expect(error.message.contains("'typeProperties.storedProcedureParameters.amount.type'"))
        #expect(error.message.contains("the parameter 'amount' has the unknown type 'Money'"))
    }

    @Test("type names match in any case; a bare scalar is a String parameter's value")
    func lenientSpellings() async throws {
        defer { harness.shutdown() }
        // These pass validation and then fail on the missing library: proof they were accepted.
        let error = try #require(
            try await harness.run(
                [
                    "StoredProcedureName": "usp_x",
                    "storedProcedureParameters": [
                        "a": ["Value": "1", "Type": "INT64"], "b": "plain", "c": 3,
                        "d": ["value": "yes", "type": "boolean"],
                    ],
                ], linkedService: native
            ).error)
        #expect(error.message.contains("'typeProperties.storedProcedureParameters.d.value'"), "\(error)")
        #expect(error.message.contains("needs true or false"))
    }

    @Test("values that do not fit their type name the parameter and the expected range")
    func outOfRange() async throws {
        defer { harness.shutdown() }
        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": "usp_x",
                    "storedProcedureParameters": ["small": ["value": 40000, "type": "Int16"]],
                ],
                linkedService: native
            ).error)
        #expect(error.errorCode == "2105")
        #expect(
            error.message.contains(
                "the parameter 'small' is declared Int16 and needs a whole number from -32768 to 32767"))
    }

    @Test("a missing or malformed procedure name is ADF's 2103 or 2105")
    func procedureName() async throws {
        defer { harness.shutdown() }
        let missing = try #require(
            try await harness.run(["storedProcedureParameters": [:]], linkedService: native).error)
        #expect(missing.errorCode == "2103")
        #expect(
            missing.message == "Please provide value for the required property 'typeProperties.storedProcedureName'.")
        let malformed = try #require(
            try await harness.run(["storedProcedureName": "[dbo].[usp_x"], linkedService: native).error)
        #expect(malformed.errorCode == "2105")
        #expect(malformed.message.contains("a part starting with [ is never closed"))
        let threeParts = try #require(
            try await harness.run(["storedProcedureName": "db.dbo.usp"], linkedService: native).error)
        #expect(threeParts.message.contains("it has 3 parts"))
    }

    @Test("SQL Server linked services say plainly that no such backend is available, naming those that are")
    func sqlServerUnavailable() async throws {
        defer { harness.shutdown() }
        for type in ["SqlServer", "AzureSqlDatabase"] {
            let error = try #require(
                try await harness.run(
                    ["storedProcedureName": "[dbo].[usp_x]"],
                    linkedService: ResolvedLinkedService(
                        name: "Sales", type: type, typeProperties: ["connectionString": "Data Source=x;Password=secret"]
                    )
                ).error)
            #expect(error.errorCode == "StoredProcedureBackendUnavailable")
            #expect(
                error.message.contains(
                    "The linked service 'Sales' is of type '\(type)': pipehost has no SQL Server backend"))
            #expect(error.message.contains("'PostgreSql', 'AzurePostgreSql'"))
            #expect(error.message.contains("'NativeProcedureLibrary'"))
            #expect(!error.message.contains("secret"))
        }
    }

    @Test("an activity without a linked service is ADF's 2103")
    func noLinkedService() async throws {
        defer { harness.shutdown() }
        let error = try #require(try await harness.run(["storedProcedureName": "usp_x"], linkedService: nil).error)
        #expect(error.errorCode == "2103")
        #expect(error.message.contains("'linkedServiceName'"))
    }

    @Test("a PostgreSQL linked service without a host says which key to add, never echoing the password")
    func incompleteConnectionString() async throws {
        defer { harness.shutdown() }
        let error = try #require(
            try await harness.run(
                ["storedProcedureName": "usp_x"],
                linkedService: ResolvedLinkedService(
                    name: "Warehouse", type: "PostgreSql",
                    typeProperties: ["connectionString": "Database=dw;Username=etl;Password=hunter2;Port=notaport"])
            ).error)
        #expect(error.message.contains("the value of 'Port' must be a port number from 1 to 65535"))
        #expect(!error.message.contains("hunter2"))
    }
}
