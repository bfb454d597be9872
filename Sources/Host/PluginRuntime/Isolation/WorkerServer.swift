#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import HostCore
import Logging
import PipehostJSON
import Synchronization

/// The worker side of process isolation: `pipehost plugins worker` loads one plugin through the
/// ordinary loader and serves calls from the host over its standard input and output.
///
/// Before the plugin loads, the protocol channel is moved off file descriptors 0 and 1 (to
/// close-on-exec duplicates), 1 is pointed at standard error (or a capture file for
/// `plugins check`) and 0 at /dev/null: a plugin that prints or reads stdin cannot corrupt the
/// protocol. Each `execute` runs as its own task with the plugin's in-process executor, so
/// thread-safe types run concurrently and long-running operations poll inside the worker; the
/// services (log, progress, saved operation state) travel back as messages tagged with the call id.
public enum WorkerServer {
    /// What the worker needs to start.
    public struct Configuration: Sendable {
        public var libraryPath: String
        public var settings: JSONValue?
        public var workDirectory: String
        /// Where the plugin's stray standard-output writes go; nil for standard error.
        public var stdoutCapturePath: String?
        public var defaultPollInterval: Duration

        public init(
            libraryPath: String, settings: JSONValue? = nil, workDirectory: String = ".pipehost/work",
            stdoutCapturePath: String? = nil, defaultPollInterval: Duration = .seconds(5)
        ) {
            self.libraryPath = libraryPath
            self.settings = settings
            self.workDirectory = workDirectory
            self.stdoutCapturePath = stdoutCapturePath
            self.defaultPollInterval = defaultPollInterval
        }
    }

    /// Serves until the host closes the channel or asks to shut down; returns the exit status.
    public static func serve(_ configuration: Configuration) async -> Int32 {
        guard let channel = WorkerChannel.takeOverStandardStreams(stdoutCapturePath: configuration.stdoutCapturePath)
        else {
            FileDescriptorText.write(2, "pipehost worker: cannot move the protocol channel off standard output\n")
            return 70
        }
        var logger = Logger(label: "pipehost.worker")
        logger.logLevel = .warning
        let manifest = PluginManifest.singleLibrary(configuration.libraryPath, settings: configuration.settings)
        var isolation = IsolationOptions()
        isolation.servesAsWorker = true
        let host = PluginHost.load(
            manifest: manifest,
            options: PluginHostOptions(
                logger: logger, workDirectory: configuration.workDirectory,
                defaultPollInterval: configuration.defaultPollInterval, isolation: isolation))
        if let error = host.plugins.first?.error ?? (host.plugins.isEmpty ? .fileNotFound(path: configuration.libraryPath) : nil) {
            channel.send(["kind": "loadFailed", "message": .string("\(error)")])
            return 3
        }
        let types = host.executors.map { JSONValue.string($0.descriptor.typeName) }
        let activities = host.executors.map { executor -> JSONValue in
            [
                "type": .string(executor.descriptor.typeName), "threadSafe": .bool(executor.descriptor.isThreadSafe),
                "longRunning": .bool(executor.descriptor.isLongRunning),
            ]
        }
        channel.send([
            "kind": "hello", "protocol": .integer(WorkerFrame.protocolVersion),
            "pid": .integer(Int64(WorkerProcess.currentPID)), "types": .array(types), "activities": .array(activities),
        ])
        let session = WorkerSession(channel: channel, executors: host.executors)
        let shutdownRequested = await session.run()
        if shutdownRequested {
            let clock = ContinuousClock()
            let elapsed = clock.measure { host.shutdown() }
            channel.send(["kind": "bye", "deinitMicroseconds": .integer(Int64(elapsed / .microseconds(1)))])
        }
        return 0
    }
}

/// The worker's end of the protocol: reading frames from the saved standard input, writing
/// frames to the saved standard output under a lock.
final class WorkerChannel: Sendable {
    let input: Int32
    let output: Int32
    private let writeLock = Mutex<Void>(())

    private init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    static func takeOverStandardStreams(stdoutCapturePath: String?) -> WorkerChannel? {
        let input = fcntl(0, F_DUPFD_CLOEXEC, 3)
        let output = fcntl(1, F_DUPFD_CLOEXEC, 3)
        guard input >= 0, output >= 0 else { return nil }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if null >= 0 {
            dup2(null, 0)
            close(null)
        }
        if let stdoutCapturePath {
            let capture = open(stdoutCapturePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard capture >= 0 else { return nil }
            dup2(capture, 1)
            close(capture)
        } else {
            dup2(2, 1)
        }
        return WorkerChannel(input: input, output: output)
    }

    func send(_ message: JSONValue) {
        let frame = WorkerFrame.encode(message)
        writeLock.withLock { _ in _ = WorkerProcess.writeAll(output, frame) }
    }
}

/// The calls in flight in one worker.
final class WorkerSession: Sendable {
    private let channel: WorkerChannel
    private let executors: [String: any ActivityExecutor]
    private let tasks = Mutex<[Int64: Task<Void, Never>]>([:])
    private let stateAcknowledgements = Mutex<[Int64: CheckedContinuation<Void, Never>]>([:])

    init(channel: WorkerChannel, executors: [any ActivityExecutor]) {
        self.channel = channel
        var byType: [String: any ActivityExecutor] = [:]
        for executor in executors { byType[executor.descriptor.typeName] = executor }
        self.executors = byType
    }

    /// Reads requests until the channel closes (false) or a `shutdown` arrives (true); the
    /// shutdown waits for the calls in flight.
    func run() async -> Bool {
        let shutdown: Bool = await withCheckedContinuation { continuation in
            WorkerProcess.startThread { [self] in
                let reader = WorkerFrameReader(descriptor: channel.input)
                while true {
                    guard case .success(let message) = reader.next() else {
                        continuation.resume(returning: false)
                        return
                    }
                    if message["kind"]?.stringValue == "shutdown" {
                        continuation.resume(returning: true)
                        return
                    }
                    handle(message)
                }
            }
        }
        if shutdown {
            for task in tasks.withLock({ Array($0.values) }) { await task.value }
        }
        return shutdown
    }

    private func handle(_ message: JSONValue) {
        guard case .integer(let id) = message["id"] else { return }
        switch message["kind"]?.stringValue {
        case "execute":
            // Created under the lock so that a call finishing at once cannot remove its entry
            // before it is added.
            tasks.withLock { tasks in
                tasks[id] = Task { [self] in
                    let outcome = await execute(id: id, message: message)
                    self.tasks.withLock { _ = $0.removeValue(forKey: id) }
                    channel.send(["kind": "outcome", "id": .integer(id), "outcome": WorkerCodec.encode(outcome)])
                }
            }
        case "cancel":
            tasks.withLock { $0[id] }?.cancel()
        case "stateSaved":
            stateAcknowledgements.withLock { $0.removeValue(forKey: id) }?.resume()
        case "ping":
            channel.send(["kind": "pong", "id": .integer(id)])
        default:
            channel.send([
                "kind": "outcome", "id": .integer(id),
                "outcome": WorkerCodec.encode(.failed(ActivityError(
                    errorCode: ActivityErrorCode.pluginWorkerProtocolError,
                    message: "the worker does not understand request \(message["kind"]?.stringValue ?? "(no kind)")",
                    failureType: .systemError))),
            ])
        }
    }

    private func execute(id: Int64, message: JSONValue) async -> ActivityOutcome {
        guard let typeName = message["type"]?.stringValue else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.pluginWorkerProtocolError,
                message: "the host sent an execute request without a type",
                failureType: .systemError))
        }
        guard let executor = executors[typeName] as? PluginActivityExecutor else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.activityTypeNotSupported,
                message: "the worker's plugin does not serve activity type '\(typeName)'",
                failureType: .systemError))
        }
        if let raw = message["rawInvocation"]?.stringValue {
            // `plugins check`: arbitrary bytes for a named type, straight to the plugin.
            guard let bytes = WorkerCodec.bytes(hex: raw) else {
                return .failed(ActivityError(
                    errorCode: ActivityErrorCode.pluginWorkerProtocolError,
                    message: "a raw execute request needs hex bytes",
                    failureType: .systemError))
            }
            return await executor.execute(
                bytes: bytes, activityRunID: "check-\(id)", attempt: 1, context: context(id: id, savedState: nil))
        }
        // The invocation document as the host wrote it, settings included, passed on unchanged.
        guard let document = message["invocation"]?.stringValue, let activityRunID = message["activityRunId"]?.stringValue,
            case .integer(let attempt) = message["attempt"], let attemptNumber = Int(exactly: attempt)
        else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.pluginWorkerProtocolError,
                message: "the host sent an execute request without its invocation, activityRunId or attempt",
                failureType: .systemError))
        }
        return await executor.execute(
            bytes: Array(document.utf8), activityRunID: activityRunID, attempt: attemptNumber,
            context: context(id: id, savedState: message["savedState"]?.stringValue.flatMap(WorkerCodec.bytes(hex:))))
    }

    /// The services of one call, forwarded to the host as messages tagged with its id.
    private func context(id: Int64, savedState: [UInt8]?) -> ActivityExecutionContext {
        let channel = channel
        return ActivityExecutionContext(
            log: { level, text in
                channel.send(["kind": "log", "id": .integer(id), "level": .string(level.rawValue), "message": .string(text)])
            },
            reportProgress: { fraction, text in
                channel.send([
                    "kind": "progress", "id": .integer(id), "fraction": fraction.map(JSONValue.double) ?? .null,
                    "message": text.map(JSONValue.string) ?? .null,
                ])
            },
            savedOperationState: savedState,
            saveOperationState: { [self] state in
                await withCheckedContinuation { continuation in
                    stateAcknowledgements.withLock { $0[id] = continuation }
                    channel.send(["kind": "state", "id": .integer(id), "state": .string(WorkerCodec.hex(state))])
                }
            })
    }
}

/// Writes text to a file descriptor without Foundation, for the worker's last-resort messages.
enum FileDescriptorText {
    static func write(_ descriptor: Int32, _ text: String) {
        _ = WorkerProcess.writeAll(descriptor, Array(text.utf8))
    }
}
