import PluginKit
import PostgresSupport

/// ADF's `SqlServerStoredProcedure` activity, run against PostgreSQL (`PostgreSql`,
/// `AzurePostgreSql`, `PostgreSqlV2` linked services) or against a native procedure library
/// (pipehost's `NativeProcedureLibrary` linked service), and ADF's `Script` activity on PostgreSQL:
/// the plugin for SQL run on a linked service. docs/stored-procedures.md and docs/data-activities.md
/// (Script) are the user's guides.
///
/// Settings (plugins.json): `maximumConnectionsPerLinkedService` (default 4).
public struct StoredProcedurePlugin: Plugin {
    public static let id = "org.pipehost.storedprocedure"
    public static let version = "1.0.0"
    public static let summary = "Stored procedures on PostgreSQL and in native procedure libraries; Script on PostgreSQL"
    public static let activities: [ActivityDefinition<StoredProcedurePlugin>] = [
        .run(
            "SqlServerStoredProcedure",
            summary: "Calls a stored procedure (PostgreSQL CALL or a native library function)",
            input: JSONValue.self
        ) { plugin, call in
            try plugin.run(call)
        }.reaching(linkedServiceTypes: ProcedureBackendKind.postgreSQLTypes + ProcedureBackendKind.nativeTypes),
        .run(
            "Script",
            summary: "Runs SQL script blocks (queries and commands with bound parameters) on PostgreSQL",
            input: JSONValue.self
        ) { plugin, call in
            try plugin.runScript(call)
        }.reaching(linkedServiceTypes: ProcedureBackendKind.postgreSQLTypes),
    ]

    let postgres: PostgresProcedureBackend
    let native: NativeProcedureBackend

    public init(host: HostServices, settings: JSONValue) throws {
        let configuration = try StoredProcedureSettings(settings)
        postgres = PostgresProcedureBackend(
            maximumConnectionsPerLinkedService: configuration.maximumConnectionsPerLinkedService)
        native = NativeProcedureBackend()
    }

    /// Closes the pooled PostgreSQL connections in the background. It must not wait for them:
    /// hosts call shutdown from async code, and blocking a cooperative thread on work that needs
    /// one deadlocks a small pool.
    public func shutdown() {
        let postgres = self.postgres
        Task.detached { await postgres.shutdown() }
    }

    func run(_ call: ActivityCall<JSONValue>) throws(ActivityFailure) -> StoredProcedureOutput {
        let request = try StoredProcedureRequest(typeProperties: call.input)
        let service = call.invocation.linkedService
        let backend = try ProcedureBackendKind.serving(service)
        guard let service else { throw .missingProperty("linkedServiceName") }
        let clock = ContinuousClock()
        let start = clock.now
        var record = StoredProcedureOutput.Call(
            name: request.procedure.written, backend: backend.rawValue, linkedService: service.name,
            parameterCount: request.parameters.count)
        switch backend {
        case .nativeLibrary:
            try call.checkCancellation()
            let called = try native.call(request, linkedService: service.name, typeProperties: service.typeProperties)
            record.library = called.libraryPath
            record.symbol = called.symbol
            call.log(
                .info, "called \(called.symbol) in \(called.libraryPath) with \(request.parameters.count) arguments")
        case .postgreSQL:
            let settings = try PostgresConnectionSettings(
                linkedService: service.name, typeProperties: service.typeProperties)
            let postgres = self.postgres
            let outcome = WorkerThreadWait.run(isCancelled: { call.isCancelled }) {
                () async -> Result<String, ActivityFailure> in
                do {
                    return .success(try await postgres.call(request, linkedService: service.name, settings: settings))
                } catch {
                    return .failure(ActivityFailure(describing: error))
                }
            }
            switch outcome {
            case .success(let statement)?:
                record.statement = statement
                call.log(.info, "\(statement) on \(settings.endpointDescription) succeeded")
            case .failure(let failure)?:
                throw failure
            case nil:
                throw .systemError(
                    "The PostgreSQL call ended without a result.", code: ActivityErrorCode.storedProcedureFailed)
            }
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return StoredProcedureOutput(executionDuration: seconds, storedProcedure: record)
    }
}

extension StoredProcedurePlugin {
    /// The Script activity: reads the blocks, then runs them on the linked service's pool from the
    /// host's worker thread, as PostgreSQL procedure calls run.
    func runScript(_ call: ActivityCall<JSONValue>) throws(ActivityFailure) -> JSONValue {
        let request = try ScriptRequest(typeProperties: call.input)
        guard let service = call.invocation.linkedService else { throw .missingProperty("linkedServiceName") }
        guard ProcedureBackendKind.postgreSQLTypes.contains(where: { asciiCaseInsensitiveEquals($0, service.type) }) else {
            throw .userError(
                "The linked service '\(service.name)' is of type '\(service.type)', which cannot run scripts here. "
                    + "The Script activity runs on linked services of type "
                    + ProcedureBackendKind.postgreSQLTypes.map { "'\($0)'" }.joined(separator: ", ") + ".",
                code: ScriptErrorCode.linkedServiceUnsupported)
        }
        let settings = try PostgresConnectionSettings(linkedService: service.name, typeProperties: service.typeProperties)
        let pool = try postgres.pools.pool(linkedService: service.name, settings: settings)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = WorkerThreadWait.run(isCancelled: { call.isCancelled }) {
            () async -> Result<ScriptOutput, ActivityFailure> in
            do {
                return .success(try await PostgresScriptRunner(pool: pool).run(request))
            } catch {
                return .failure(ActivityFailure(describing: error))
            }
        }
        switch outcome {
        case .success(var output)?:
            let elapsed = start.duration(to: clock.now)
            output.executionDuration =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            call.log(
                .info,
                "ran \(request.blocks.count) script blocks on \(settings.endpointDescription): "
                    + "\(output.resultSets.count) result sets, \(output.recordsAffected) records affected")
            return output.json
        case .failure(let failure)?:
            throw failure
        case nil:
            throw .systemError("The script ended without a result.", code: ActivityErrorCode.storedProcedureFailed)
        }
    }
}

/// The plugin's entry: the one exported symbol.
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(StoredProcedurePlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
