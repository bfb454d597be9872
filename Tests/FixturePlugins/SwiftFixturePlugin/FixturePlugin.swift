import PluginKit
import Synchronization

/// A good Swift plugin for the loader's tests and the engine's benchmarks. It imports only
/// PluginKit (no Foundation), so it also measures how light a Swift plugin can be.
struct FixturePlugin: Plugin {
    static let id = "org.pipehost.fixture.swift"
    static let version = "1.0.0"
    static let summary = "Test activities: no-op, echo, sleep, countdown operation, concurrency probes"

    static let activities: [ActivityDefinition<FixturePlugin>] = [
        .run("Fixture.Noop", summary: "Does nothing and succeeds with {}", input: JSONValue.self) { _, _ in
            JSONValue.object(JSONObject())
        },
        .run("Fixture.Echo", summary: "Returns its typeProperties and where it ran", input: JSONValue.self) {
            plugin, call in
            plugin.echo(call)
        }.reaching(linkedServiceTypes: ["AzureBlobStorage", "FileServer"]),
        .run("Fixture.Sleep", summary: "Sleeps for typeProperties.milliseconds, honouring cancellation") {
            (_, call: ActivityCall<SleepInput>) -> JSONValue in
            try call.sleep(for: .milliseconds(call.input.milliseconds))
            return ["slept": .integer(Int64(call.input.milliseconds))]
        },
        .runAsync("Fixture.AsyncSleep", summary: "Sleeps with Task.sleep; cancelled through the task") {
            (_, call: ActivityCall<SleepInput>) async throws -> JSONValue in
            try await Task.sleep(for: .milliseconds(call.input.milliseconds))
            return ["slept": .integer(Int64(call.input.milliseconds))]
        },
        .longRunning(
            "Fixture.Countdown", summary: "A long-running operation that succeeds after typeProperties.polls polls",
            input: CountdownInput.self, state: CountdownState.self, output: JSONValue.self,
            start: { _, call in
                call.log(.info, "countdown \(call.invocation.run.activityRunId) started")
                let state = CountdownState(job: "job-\(call.invocation.run.activityRunId)", remaining: call.input.polls)
                if state.remaining == 0 { return .succeeded(["job": .string(state.job), "polls": 0]) }
                return .running(state, pollAfter: .milliseconds(call.input.intervalMilliseconds ?? 1))
            },
            poll: { _, call, state in
                guard call.input.failAtPoll != state.remaining else {
                    throw ActivityFailure.userError("the remote job failed at \(state.remaining)", code: "Countdown42")
                }
                if let steady = call.input.steadyPollsPerStep, SteadyPolls.wait(steady, at: state) {
                    return .running(state, pollAfter: .milliseconds(call.input.intervalMilliseconds ?? 1))
                }
                let next = CountdownState(job: state.job, remaining: state.remaining - 1)
                call.reportProgress(Double(call.input.polls - next.remaining) / Double(max(call.input.polls, 1)))
                if next.remaining <= 0 {
                    return .succeeded(["job": .string(state.job), "polls": .integer(Int64(call.input.polls))])
                }
                return .running(next, pollAfter: .milliseconds(call.input.intervalMilliseconds ?? 1))
            },
            cancel: { _, call, state in
                call.log(.warning, "cancel requested for \(state.job) with \(state.remaining) polls left")
            }),
        .run("Fixture.Serial", summary: "Not thread-safe: reports whether another call overlapped it", threadSafe: false,
             input: SleepInput.self) { _, call in
            try ConcurrencyProbe.serial.measure(call.input.probe ?? "") {
                try call.sleep(for: .milliseconds(call.input.milliseconds))
            }
        },
        .run("Fixture.Rendezvous", summary: "Waits until typeProperties.parties calls of one group are inside at once") {
            (_, call: ActivityCall<RendezvousInput>) -> JSONValue in
            try ConcurrencyProbe.rendezvous(call)
        },
        .run("Fixture.Fail", summary: "Fails with an ADF-shaped user error", input: JSONValue.self) {
            (_, call) -> JSONValue in
            throw ActivityFailure.userError(
                "fixture failure for \(call.invocation.activityName)", code: "Fixture42", details: ["hint": "expected"])
        },
        .run("Fixture.Throw", summary: "Throws a Swift error that is not an ActivityFailure", input: JSONValue.self) {
            (_, _) -> JSONValue in
            throw FixtureError.unexpected
        },
        .run("Fixture.FatalError", summary: "Calls Swift fatalError: only process isolation survives it",
             input: JSONValue.self) { (_, call) -> JSONValue in
            fatalError("fixture fatalError in \(call.invocation.activityName)")
        },
        .run("Fixture.Log", summary: "Logs at every level and reports progress", input: JSONValue.self) { _, call in
            for level in LogLevel.allCases { call.log(level, "message at \(level)") }
            call.reportProgress(0.5, "halfway")
            call.reportProgress(nil, "unknown")
            return JSONValue.object(JSONObject())
        },
        .run("Fixture.OpenFiles", summary: "Lists what the process running it has open", input: JSONValue.self) { _, _ in
            OpenFiles.list()
        },
        .run("Fixture.Typed", summary: "Decodes typed input to exercise property errors") {
            (_, call: ActivityCall<TypedInput>) -> TypedOutput in
            TypedOutput(total: call.input.count * 2, label: call.input.label ?? "none")
        },
    ]

    let settings: JSONValue
    let host: HostServices

    init(host: HostServices, settings: JSONValue) throws {
        if let message = settings["failInit"]?.stringValue {
            throw ActivityFailure.systemError(message)
        }
        self.settings = settings
        self.host = host
        host.log(.info, "fixture plugin initialised")
    }

    func echo(_ call: ActivityCall<JSONValue>) -> JSONValue {
        [
            "typeProperties": call.input, "activityName": .string(call.invocation.activityName),
            "attempt": .integer(Int64(call.attempt)), "settings": settings,
            "linkedService": .string(call.invocation.linkedService?.name ?? ""),
            "workDirectory": .string(host.workDirectory ?? ""), "hostVersion": .string(host.hostVersion),
        ]
    }

    func shutdown() {
        host.log(.info, "fixture plugin shut down")
    }
}

struct SleepInput: Decodable, Sendable {
    var milliseconds: Int
    /// Fixture.Serial: the name of the overlap probe to count this call in.
    var probe: String?
}

struct CountdownInput: Decodable, Sendable {
    var polls: Int
    var intervalMilliseconds: Int?
    var failAtPoll: Int?
    /// Polls that return the state they were given (no progress) before each step of the count.
    var steadyPollsPerStep: Int?
}

/// Fixture.Countdown's polls without progress so far, per job and step.
enum SteadyPolls {
    private static let counts = Mutex<[String: Int]>([:])

    /// True while the step has had fewer than `steady` polls without progress (counting this one).
    static func wait(_ steady: Int, at state: CountdownState) -> Bool {
        counts.withLock { counts in
            let key = "\(state.job)/\(state.remaining)"
            counts[key, default: 0] += 1
            return counts[key, default: 0] <= steady
        }
    }
}

struct CountdownState: Codable, Sendable {
    var job: String
    var remaining: Int
}

struct RendezvousInput: Decodable, Sendable {
    var group: String
    var parties: Int
}

struct TypedInput: Decodable, Sendable {
    var count: Int
    var label: String?
}

struct TypedOutput: Encodable, Sendable {
    var total: Int
    var label: String
}

enum FixtureError: Error {
    case unexpected
}

@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(FixturePlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
