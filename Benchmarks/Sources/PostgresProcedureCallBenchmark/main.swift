// PostgreSQL CALLs on loopback through the plugin's backend: sequential calls through one pooled
// connection, then 4 concurrent activities sharing one connection and with a pool of 4. Needs
// PIPEHOST_TEST_POSTGRES_URL and the procedure bench.usp_bench(integer, text); scripts/bench sets
// both up. Median of 5 runs, calls per second.
import BenchmarkSupport
import PipehostJSON
import StoredProcedurePlugin

#if canImport(Glibc)
    import Glibc
#endif

guard let urlPointer = getenv("PIPEHOST_TEST_POSTGRES_URL") else {
    print("PostgresProcedureCallBenchmark: set PIPEHOST_TEST_POSTGRES_URL (scripts/bench starts a cluster)")
    exit(1)
}
let url = String(cString: urlPointer)
let settings = try PostgresConnectionSettings(
    linkedService: "Bench", typeProperties: ["connectionString": .string(url)])
let request = try StoredProcedureRequest(typeProperties: [
    "storedProcedureName": "bench.usp_bench",
    "storedProcedureParameters": ["run_number": ["value": 7, "type": "Int32"], "label": ["value": "run-42"]],
])

let callsPerRun = 5_000

/// Calls per second of `activities` concurrent activities sharing a pool of `poolSize`.
func callsPerSecond(activities: Int, poolSize: Int) async throws -> Double {
    let backend = PostgresProcedureBackend(maximumConnectionsPerLinkedService: poolSize)
    // Open the pool's connections before timing.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<activities {
            group.addTask { _ = try await backend.call(request, linkedService: "Bench", settings: settings) }
        }
        try await group.waitForAll()
    }
    let seconds = try await Measurement.medianSeconds(runs: 5) {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<activities {
                group.addTask {
                    for _ in 0..<(callsPerRun / activities) {
                        _ = try await backend.call(request, linkedService: "Bench", settings: settings)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    await backend.shutdown()
    return Double(callsPerRun) / seconds
}

let single = try await callsPerSecond(activities: 1, poolSize: 1)
let fourSharingOne = try await callsPerSecond(activities: 4, poolSize: 1)
let fourWithFour = try await callsPerSecond(activities: 4, poolSize: 4)
print(
    "PostgreSQL CALL bench.usp_bench(run_number => $1::integer, label => $2::text) on 127.0.0.1; median of 5 runs of \(callsPerRun) calls"
)
print("| Activities | Pool size | CALLs per second | × one activity |")
print("|---|---|---|---|")
print("| 1 | 1 | \(Int(single)) | 1.0 |")
print("| 4 | 1 | \(Int(fourSharingOne)) | \(Measurement.format(fourSharingOne / single, digits: 2)) |")
print("| 4 | 4 | \(Int(fourWithFour)) | \(Measurement.format(fourWithFour / single, digits: 2)) |")
