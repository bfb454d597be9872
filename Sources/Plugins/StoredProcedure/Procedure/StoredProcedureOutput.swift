/// The activity's output: ADF's generic execution-activity envelope plus what was called.
struct StoredProcedureOutput: Encodable, Sendable {
    struct QueueDuration: Encodable, Sendable {
        var integrationRuntimeQueue = 0
    }

    /// What ran, under its own member so it never clashes with ADF's envelope fields.
    struct Call: Encodable, Sendable {
        var name: String
        var backend: String
        var linkedService: String
        var parameterCount: Int
        /// PostgreSQL: the statement sent (placeholders only, never values).
        var statement: String?
        /// Native libraries: the library file and the exported function called.
        var library: String?
        var symbol: String?
    }

    var effectiveIntegrationRuntime = "pipehost (local)"
    /// Seconds the call took.
    var executionDuration: Double
    var durationInQueue = QueueDuration()
    var storedProcedure: Call
}
