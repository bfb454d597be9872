import HostCore
import Logging
import Synchronization

/// The host services a plugin sees during a test call, faked: they record every log line,
/// progress report and saved operation state, can hand the plugin a saved state to resume from,
/// and can cancel the call (the plugin then sees `is_cancelled`, or its operation's `cancel`).
public final class FakeHostServices: Sendable {
    /// One line the plugin logged.
    public struct LogLine: Sendable, Equatable, CustomStringConvertible {
        public var level: Logger.Level
        public var message: String

        public var description: String { "[\(level)] \(message)" }
    }

    /// One progress report.
    public struct Progress: Sendable, Equatable {
        public var fraction: Double?
        public var message: String?
    }

    private struct Record {
        var logs: [LogLine] = []
        var progress: [Progress] = []
        var savedStates: [[UInt8]] = []
        var cancelled = false
        var task: Task<ActivityOutcome, Never>?
    }

    private let record = Mutex<Record>(Record())
    private let resumeState: [UInt8]?
    private let cancelWhen: (@Sendable (LogLine) -> Bool)?

    /// - Parameters:
    ///   - resumingOperationState: a state saved by an earlier attempt: a long-running activity
    ///     resumes by polling it instead of starting.
    ///   - cancelWhen: cancels the call as soon as the plugin logs a line for which this is true.
    public init(resumingOperationState: [UInt8]? = nil, cancelWhen: (@Sendable (LogLine) -> Bool)? = nil) {
        resumeState = resumingOperationState
        self.cancelWhen = cancelWhen
    }

    /// Everything logged, in order.
    public var logs: [LogLine] { record.withLock { $0.logs } }
    /// Every progress report, in order.
    public var progress: [Progress] { record.withLock { $0.progress } }
    /// Every operation state the host was asked to save, in order.
    public var savedStates: [[UInt8]] { record.withLock { $0.savedStates } }
    /// Whether ``cancel()`` was called (directly or through `cancelWhen`).
    public var wasCancelled: Bool { record.withLock { $0.cancelled } }

    /// Cancels the call in flight (or the next one, if none is running yet).
    public func cancel() {
        let task = record.withLock { record -> Task<ActivityOutcome, Never>? in
            record.cancelled = true
            return record.task
        }
        task?.cancel()
    }

    /// The execution context handed to the executor.
    var context: ActivityExecutionContext {
        ActivityExecutionContext(
            log: { level, message in
                let line = LogLine(level: level, message: message)
                self.record.withLock { $0.logs.append(line) }
                if self.cancelWhen?(line) == true { self.cancel() }
            },
            reportProgress: { fraction, message in
                self.record.withLock { $0.progress.append(Progress(fraction: fraction, message: message)) }
            },
            savedOperationState: resumeState,
            saveOperationState: { state in self.record.withLock { $0.savedStates.append(state) } })
    }

    /// Runs `body` as the cancellable call of these services.
    func run(_ body: @escaping @Sendable () async -> ActivityOutcome) async -> ActivityOutcome {
        let task = Task { await body() }
        let cancelNow = record.withLock { record -> Bool in
            record.task = task
            return record.cancelled
        }
        if cancelNow { task.cancel() }
        let outcome = await task.value
        record.withLock { $0.task = nil }
        return outcome
    }
}
