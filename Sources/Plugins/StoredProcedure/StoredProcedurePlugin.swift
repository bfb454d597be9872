import PluginKit
import PostgresSupport

/// ADF's `SqlServerStoredProcedure` activity, run against PostgreSQL (`PostgreSql`,
/// `AzurePostgreSql` linked services) or against a native procedure library (pipehost's
/// `NativeProcedureLibrary` linked service). docs/stored-procedures.md is the user's guide.
///
/// Settings (plugins.json): `maximumConnectionsPerLinkedService` (default 4).
public struct StoredProcedurePlugin: Plugin {
    public static let id = "org.pipehost.storedprocedure"
    public static let version = "1.0.0"
    public static let summary = "Stored procedures on PostgreSQL and in native procedure libraries"
    public static let activities: [ActivityDefinition<StoredProcedurePlugin>] = [
        .run(
            "SqlServerStoredProcedure",
            summary: "Calls a stored procedure (PostgreSQL CALL or a native library function)",
            input: JSONValue.self
        ) { plugin, call in
            try plugin.run(call)
        }
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

/// The plugin's entry: the one exported symbol.
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(StoredProcedurePlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
