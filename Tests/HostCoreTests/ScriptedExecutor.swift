import HostCore
import Logging
import PipehostJSON
import Synchronization

/// What scripted plugin activities do, per activity name, and everything they saw: shared by the
/// `ScriptedExecutor`s of one test, whatever types they claim.
final class Script: Sendable {
    /// What one activity does when called.
    struct Behaviour: Sendable {
        var output: JSONValue = .object([:])
        /// Fail the first `failAttempts` attempts.
        var failAttempts: Int?
        /// Fail every attempt.
        var fails = false
        var error = ActivityError(errorCode: "2011", message: "scripted failure")
        /// Sleep this long, honouring cancellation.
        var sleepSeconds: Double = 0
        /// Wait until cancelled, then report `.cancelled`.
        var hangs = false
        /// Hang only when `typeProperties.value` equals this.
        var hangsOnValue: JSONValue?
        /// Wait until this many calls run at the same time (at most ten seconds, then fail): proof
        /// of concurrency without a timing assertion.
        var waitForPeers: Int?

        init() {}

        /// Reads `{"output", "fails", "failAttempts", "errorCode", "message", "sleepSeconds", "hangs"}`.
        init(json: JSONValue) {
            output = json["output"] ?? .object([:])
            fails = json["fails"]?.boolValue ?? false
            failAttempts = json["failAttempts"]?.integerValue.map { Int($0) }
            if let code = json["errorCode"]?.stringValue { error.errorCode = code }
            if let message = json["message"]?.stringValue { error.message = message }
            sleepSeconds = json["sleepSeconds"]?.numberValue ?? 0
            hangs = json["hangs"]?.boolValue ?? false
            hangsOnValue = json["hangsOnValue"]
            waitForPeers = json["waitForPeers"]?.integerValue.map { Int($0) }
        }
    }

    /// One call as the executor received it, with the invocation JSON a plugin would get.
    struct Call: Sendable {
        var invocation: ActivityInvocation
        var json: JSONValue
    }

    private struct State {
        var calls: [Call] = []
        var cancellations: [String] = []
        var attemptsSeen: [String: Int] = [:]
        var running = 0
        var peakRunning = 0
    }

    let behaviours: [String: Behaviour]
    private let state = Mutex(State())

    init(_ behaviours: [String: Behaviour] = [:]) {
        self.behaviours = behaviours
    }

    /// The invocation document a plugin would receive (with empty settings); `null` if it were not
    /// JSON, which the assertions on it then show.
    static func document(_ invocation: ActivityInvocation) -> JSONValue {
        do {
            return try JSONParser.parse(invocation.documentBytes(settings: Array("{}".utf8)))
        } catch {
            return .null
        }
    }

    func perform(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        let behaviour = behaviours[invocation.activityName] ?? Behaviour()
        let attempt = state.withLock { state in
            state.calls.append(Call(invocation: invocation, json: Self.document(invocation)))
            state.running += 1
            state.peakRunning = max(state.peakRunning, state.running)
            let key = invocation.run.pipelineRunId + "/" + invocation.activityName
            state.attemptsSeen[key, default: 0] += 1
            return state.attemptsSeen[key] ?? 1
        }
        defer { state.withLock { $0.running -= 1 } }
        context.log(.info, "running \(invocation.activityName), will answer \(behaviour.output)")
        if let peers = behaviour.waitForPeers {
            var waited = 0
            while state.withLock({ $0.peakRunning }) < peers {
                waited += 1
                if waited > 1000 { return .failed(ActivityError(errorCode: "NoPeers", message: "peers never arrived")) }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        let hangsHere = behaviour.hangs
            || (behaviour.hangsOnValue.map { $0 == invocation.typeProperties["value"] } ?? false)
        if hangsHere {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        } else if behaviour.sleepSeconds > 0 {
            try? await Task.sleep(for: .milliseconds(Int(behaviour.sleepSeconds * 1000)))
        }
        if Task.isCancelled {
            state.withLock { $0.cancellations.append(invocation.activityName) }
            return .cancelled
        }
        if behaviour.fails || (behaviour.failAttempts.map { attempt <= $0 } ?? false) {
            return .failed(behaviour.error)
        }
        return .succeeded(output: behaviour.output)
    }

    var calls: [Call] { state.withLock { $0.calls } }
    /// The activities that saw their task cancelled (a timeout or a cancelled run).
    var cancellations: [String] { state.withLock { $0.cancellations } }
    var peakConcurrency: Int { state.withLock { $0.peakRunning } }

    func calls(of activity: String) -> [Call] { calls.filter { $0.invocation.activityName == activity } }
}

/// A test double for plugins: claims one activity type and behaves as its script says.
struct ScriptedExecutor: ActivityExecutor {
    let descriptor: ActivityTypeDescriptor
    let script: Script

    init(type: String, script: Script) {
        descriptor = ActivityTypeDescriptor(
            typeName: type, origin: .plugin(id: "test.scripted", version: "1", path: "<test>"), isThreadSafe: true,
            isLongRunning: false)
        self.script = script
    }

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        await script.perform(invocation, context: context)
    }
}

/// A sleeper that returns at once and remembers what it was asked for, so that retries with ADF's
/// 30-second minimum interval run instantly and the interval can still be checked.
final class RecordingSleeper: RunSleeper, Sendable {
    private let requests = Mutex<[Duration]>([])

    func sleep(for duration: Duration) async throws {
        requests.withLock { $0.append(duration) }
        try Task.checkCancellation()
        await Task.yield()
    }

    var requested: [Duration] { requests.withLock { $0 } }
}
