import HostCore
import Logging
import PipehostJSON
import Synchronization

/// The host's side of one worker process: sends requests, matches replies to calls by id, and
/// when the worker dies or breaks the protocol fails every call in flight with what happened and
/// the tail of the worker's standard error.
final class WorkerConnection: Sendable {
    let process: WorkerProcess
    /// The activity types the worker's plugin serves, from its hello.
    let types: [String]
    /// Per type: whether it is thread-safe and long-running, from the hello.
    let activities: [(type: String, isThreadSafe: Bool, isLongRunning: Bool)]
    let stderrTail: StderrTail
    private let state = Mutex<ConnectionState>(ConnectionState())
    private let writeLock = Mutex<Void>(())
    private let describe: @Sendable (WorkerDeath) -> String

    private struct ConnectionState {
        var nextID: Int64 = 1
        var calls: [Int64: PendingCall] = [:]
        var death: WorkerDeath?
        var deinitDuration: Duration?
    }

    private struct PendingCall {
        let continuation: CheckedContinuation<ActivityOutcome, Never>
        let context: ActivityExecutionContext
    }

    private init(
        process: WorkerProcess, types: [String], activities: [(type: String, isThreadSafe: Bool, isLongRunning: Bool)],
        stderrTail: StderrTail, describe: @escaping @Sendable (WorkerDeath) -> String
    ) {
        self.process = process
        self.types = types
        self.activities = activities
        self.stderrTail = stderrTail
        self.describe = describe
    }

    /// Starts a worker and waits (up to `timeout`) for its hello.
    /// - Parameter describe: turns a death into the activity error's message (the pool names the plugin).
    static func start(
        executable: String, arguments: [String], timeout: Duration,
        describe: @escaping @Sendable (WorkerDeath) -> String
    ) -> Result<WorkerConnection, WorkerStartError> {
        let process: WorkerProcess
        switch WorkerProcess.spawn(executable: executable, arguments: arguments) {
        case .success(let spawned): process = spawned
        case .failure(let error): return .failure(.spawn(error))
        }
        let tail = StderrTail()
        let errorFD = process.errorFD
        WorkerProcess.startThread {
            while true {
                let bytes = WorkerProcess.readSome(errorFD, capacity: 4096)
                if bytes.isEmpty { return }
                tail.append(bytes)
            }
        }
        let reader = WorkerFrameReader(descriptor: process.replyFD)
        guard WorkerProcess.waitReadable(process.replyFD, timeout: timeout) else {
            process.kill()
            _ = process.reap()
            process.closePipes()
            return .failure(.noHello(reason: "it did not answer within \(timeout)", stderr: tail.text))
        }
        let hello: JSONValue
        switch reader.next() {
        case .success(let message): hello = message
        case .failure(let error):
            let exit = process.reap()
            process.closePipes()
            return .failure(.noHello(reason: "\(error); the worker \(exit)", stderr: tail.text))
        }
        if hello["kind"]?.stringValue == "loadFailed" {
            _ = process.reap()
            process.closePipes()
            return .failure(.loadFailed(message: hello["message"]?.stringValue ?? "(no message)", stderr: tail.text))
        }
        guard hello["kind"]?.stringValue == "hello", hello["protocol"] == .integer(WorkerFrame.protocolVersion),
            case .array(let typeValues) = hello["types"]
        else {
            process.kill()
            _ = process.reap()
            process.closePipes()
            return .failure(.noHello(
                reason: "its first message is not a protocol-\(WorkerFrame.protocolVersion) hello: "
                    + JSONSerializer.serialize(hello).prefix(200), stderr: tail.text))
        }
        var activities: [(type: String, isThreadSafe: Bool, isLongRunning: Bool)] = []
        if case .array(let entries) = hello["activities"] {
            for entry in entries {
                guard let type = entry["type"]?.stringValue else { continue }
                activities.append((type, entry["threadSafe"] == .bool(true), entry["longRunning"] == .bool(true)))
            }
        }
        let connection = WorkerConnection(
            process: process, types: typeValues.compactMap(\.stringValue), activities: activities, stderrTail: tail,
            describe: describe)
        WorkerProcess.startThread { connection.readReplies(reader) }
        return .success(connection)
    }

    /// Calls the pool has handed this worker and not yet taken back (see ``WorkerPool``).
    let reservations = Atomic<Int>(0)

    /// The number of calls waiting for an outcome.
    var callsInFlight: Int { state.withLock { $0.calls.count } }

    /// False once the worker died or was killed.
    var isAlive: Bool { state.withLock { $0.death == nil } }

    // MARK: Calls

    /// Sends one `execute` and waits for its outcome. Task cancellation sends `cancel`; a call still
    /// running `killAfter` later kills the worker (and with it every call it was serving).
    ///
    /// - Parameter settings: the plugin's serialised settings, which the worker was started with:
    ///   the invocation document is written here, exactly as the plugin receives it.
    nonisolated(nonsending) func execute(
        _ invocation: ActivityInvocation, settings: [UInt8], context: ActivityExecutionContext, killAfter grace: Duration
    ) async -> ActivityOutcome {
        var request = WorkerCodec.executeRequest(invocation, settings: settings)
        if let saved = context.savedOperationState { request["savedState"] = .string(WorkerCodec.hex(saved)) }
        return await send(request, context: context, killAfter: grace)
    }

    /// Sends invocation bytes as they are (valid or not) to one type: for `plugins check`.
    nonisolated(nonsending) func execute(
        type: String, rawInvocation: [UInt8], context: ActivityExecutionContext, killAfter grace: Duration
    ) async -> ActivityOutcome {
        await send(
            ["kind": "execute", "type": .string(type), "rawInvocation": .string(WorkerCodec.hex(rawInvocation))],
            context: context, killAfter: grace)
    }

    private nonisolated(nonsending) func send(_ request: JSONObject, context: ActivityExecutionContext, killAfter grace: Duration) async
        -> ActivityOutcome
    {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        var request = request
        request["id"] = .integer(id)
        let message = JSONValue.object(request)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let death = state.withLock { state -> WorkerDeath? in
                    if let death = state.death { return death }
                    state.calls[id] = PendingCall(continuation: continuation, context: context)
                    return nil
                }
                if let death {
                    continuation.resume(returning: .failed(failure(death)))
                } else if !send(message) {
                    connectionLost(.channelClosed)
                }
            }
        } onCancel: {
            _ = send(["kind": "cancel", "id": .integer(id)])
            Task { [self] in
                try? await Task.sleep(for: grace)
                if state.withLock({ $0.calls[id] != nil }) { kill(because: .ignoredCancellation(grace: grace)) }
            }
        }
    }

    /// Asks the worker to run its plugin's deinit and exit, waiting up to `timeout`; kills it after.
    /// Returns how long deinit took as the worker measured it, nil when it never said.
    @discardableResult
    func shutdown(timeout: Duration) -> Duration? {
        if isAlive, send(["kind": "shutdown"]) {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            while isAlive && clock.now < deadline { ThreadSleep.sleep(for: .milliseconds(1)) }
        }
        kill(because: .shutDown)
        return state.withLock { $0.deinitDuration }
    }

    /// Kills the worker; calls in flight fail with `reason`.
    func kill(because reason: WorkerDeath) {
        guard record(reason) else { return }
        process.kill()
    }

    private func send(_ message: JSONValue) -> Bool {
        let frame = WorkerFrame.encode(message)
        return writeLock.withLock { _ in WorkerProcess.writeAll(process.requestFD, frame) }
    }

    // MARK: Replies

    private func readReplies(_ reader: WorkerFrameReader) {
        while true {
            switch reader.next() {
            case .success(let message):
                if let problem = dispatch(message) {
                    connectionLost(.malformedReply(problem))
                    return
                }
            case .failure(.endOfStream):
                connectionLost(.channelClosed)
                return
            case .failure(let error):
                connectionLost(.malformedReply("\(error)"))
                return
            }
        }
    }

    /// Routes one reply; returns a description of what is wrong with it, if anything.
    private func dispatch(_ message: JSONValue) -> String? {
        if message["kind"]?.stringValue == "bye" {
            if case .integer(let microseconds) = message["deinitMicroseconds"] {
                state.withLock { $0.deinitDuration = .microseconds(microseconds) }
            }
            return nil
        }
        guard case .integer(let id) = message["id"] else {
            return "a message without an integer id: \(JSONSerializer.serialize(message).prefix(200))"
        }
        let kind = message["kind"]?.stringValue
        if kind == "pong" { return nil }
        // A message for a call already finished (a log racing a kill) is dropped.
        guard let call = state.withLock({ $0.calls[id] }) else { return nil }
        switch kind {
        case "log":
            call.context.log(WorkerCodec.level(message["level"]?.stringValue), message["message"]?.stringValue ?? "")
        case "progress":
            let fraction: Double? =
                switch message["fraction"] {
                case .double(let value): value
                case .integer(let value): Double(value)
                default: nil
                }
            call.context.reportProgress(fraction, message["message"]?.stringValue)
        case "state":
            guard let bytes = message["state"]?.stringValue.flatMap(WorkerCodec.bytes(hex:)) else {
                return "a state message whose state is not hex text"
            }
            Task { [self] in
                await call.context.saveOperationState(bytes)
                _ = send(["kind": "stateSaved", "id": .integer(id)])
            }
        case "outcome":
            guard let outcome = message["outcome"].flatMap(WorkerCodec.decodeOutcome) else {
                return "an outcome that is not {\"status\": \"succeeded\"|\"failed\"|\"cancelled\", …}"
            }
            let removed = state.withLock { $0.calls.removeValue(forKey: id) }
            removed?.continuation.resume(returning: outcome)
        default:
            return "a message of unknown kind '\(kind ?? "(none)")'"
        }
        return nil
    }

    /// The channel ended or broke: note why (unless a kill already did), kill what is left of the
    /// worker, reap it and fail every call in flight.
    private func connectionLost(_ reason: WorkerDeath) {
        _ = record(reason)
        process.kill()
        let exit = process.reap(grace: .milliseconds(200))
        // Give the stderr reader a moment to drain what the dying worker wrote.
        stderrTail.waitForQuiet()
        process.closePipes()
        let (death, calls) = state.withLock { state -> (WorkerDeath, [PendingCall]) in
            let calls = Array(state.calls.values)
            state.calls.removeAll()
            let death = state.death ?? reason
            state.death = death.with(exit: exit)
            return (state.death ?? death, calls)
        }
        for call in calls {
            if case .ignoredCancellation = death {
                call.context.log(.warning, failure(death).message)
                call.continuation.resume(returning: .cancelled)
            } else {
                call.continuation.resume(returning: .failed(failure(death)))
            }
        }
    }

    /// Records the first reason only; false when one was already recorded.
    private func record(_ reason: WorkerDeath) -> Bool {
        state.withLock { state in
            guard state.death == nil else { return false }
            state.death = reason
            return true
        }
    }

    private func failure(_ death: WorkerDeath) -> ActivityError {
        var message = describe(death)
        let tail = stderrTail.text
        if !tail.isEmpty { message += "\nLast lines of the worker's standard error:\n\(tail)" }
        return ActivityError(errorCode: death.errorCode, message: message, failureType: .systemError)
    }
}

/// Why a worker stopped serving.
enum WorkerDeath: Sendable {
    /// The protocol channel closed: the worker crashed or exited; `exit` says how.
    case channelClosed
    case exited(WorkerExit)
    /// The worker sent something that is not the protocol.
    case malformedReply(String)
    case malformedReplyExited(String, WorkerExit)
    /// A cancelled call did not end within the grace period, so the worker was killed.
    case ignoredCancellation(grace: Duration)
    /// The host shut the worker down.
    case shutDown

    func with(exit: WorkerExit) -> WorkerDeath {
        switch self {
        case .channelClosed: .exited(exit)
        case .malformedReply(let problem): .malformedReplyExited(problem, exit)
        default: self
        }
    }

    var errorCode: String {
        switch self {
        case .channelClosed, .exited: ActivityErrorCode.pluginWorkerCrashed
        case .malformedReply, .malformedReplyExited: ActivityErrorCode.pluginWorkerProtocolError
        case .ignoredCancellation: ActivityErrorCode.pluginWorkerKilled
        case .shutDown: "PluginHostShutDown"
        }
    }

    /// What happened, as a clause: "the worker was killed by signal 11 (SIGSEGV, …)".
    var explanation: String {
        switch self {
        case .channelClosed: "its worker process closed the protocol channel"
        case .exited(let exit): "its worker process \(exit)"
        case .malformedReply(let problem): "its worker process sent a malformed reply (\(problem)) and was killed"
        case .malformedReplyExited(let problem, _):
            "its worker process sent a malformed reply (\(problem)) and was killed"
        case .ignoredCancellation(let grace):
            "it did not stop within \(grace) of being cancelled (timeout or run cancellation), so its worker process was killed"
        case .shutDown: "the host shut its worker process down"
        }
    }
}

/// Why a worker could not start serving.
enum WorkerStartError: Error, Sendable, CustomStringConvertible {
    /// The process could not be started.
    case spawn(WorkerSpawnError)
    /// The worker loaded, but the plugin did not (refused table, failed init…).
    case loadFailed(message: String, stderr: String)
    /// The worker did not send its hello (crashed while loading, hung, or is not a pipehost worker).
    case noHello(reason: String, stderr: String)

    var description: String {
        switch self {
        case .spawn(let error): "\(error)"
        case .loadFailed(let message, let stderr): message + StderrTail.suffix(stderr)
        case .noHello(let reason, let stderr): "the worker process did not start serving: \(reason)" + StderrTail.suffix(stderr)
        }
    }
}

/// The last few kilobytes a worker wrote to standard error.
final class StderrTail: Sendable {
    static let capacity = 4096
    private let bytes = Mutex<[UInt8]>([])
    private let lastWrite = Atomic<Int64>(0)

    func append(_ more: [UInt8]) {
        bytes.withLock { bytes in
            bytes.append(contentsOf: more)
            if bytes.count > Self.capacity { bytes.removeFirst(bytes.count - Self.capacity) }
        }
        lastWrite.add(1, ordering: .releasing)
    }

    /// The last 20 lines for messages, without the stack frames the Swift runtime prints after
    /// a fatal error (`12  pipehost  0x… <unavailable> + 123`): its `Fatal error: …` line is
    /// the part that explains the crash.
    var text: String {
        let snapshot = bytes.withLock { $0 }
        let recent = String(decoding: snapshot, as: UTF8.self).trimmingTrailingNewlines()
        let lines = recent.split(separator: "\n", omittingEmptySubsequences: false).filter { !Self.isStackFrame($0) }
        return lines.suffix(20).joined(separator: "\n")
    }

    private static func isStackFrame(_ line: Substring) -> Bool {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 3 && fields[0].allSatisfy(\.isNumber) && fields[2].hasPrefix("0x")
    }

    /// Waits until nothing arrived for 5 ms (at most 50 ms), so a crash report written just
    /// before the worker died is part of the tail.
    func waitForQuiet() {
        var previous = lastWrite.load(ordering: .acquiring)
        for _ in 0..<10 {
            ThreadSleep.sleep(for: .milliseconds(5))
            let now = lastWrite.load(ordering: .acquiring)
            if now == previous { return }
            previous = now
        }
    }

    static func suffix(_ stderr: String) -> String {
        stderr.isEmpty ? "" : "\nLast lines of the worker's standard error:\n\(stderr)"
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
