import HostCore
import Logging
import Synchronization

/// An execution context that remembers what the executor reported: log lines, progress and saved
/// operation states. Thread-safe; plugins report from worker threads.
public final class RecordingContext: Sendable {
    public struct LogLine: Sendable, Equatable {
        public var level: Logger.Level
        public var message: String

        public init(level: Logger.Level, message: String) {
            self.level = level
            self.message = message
        }
    }

    public struct Progress: Sendable, Equatable {
        public var fraction: Double?
        public var message: String?

        public init(fraction: Double?, message: String?) {
            self.fraction = fraction
            self.message = message
        }
    }

    private let state = Mutex<(logs: [LogLine], progress: [Progress], states: [[UInt8]])>(([], [], []))
    private let savedState: [UInt8]?

    public init(savedOperationState: [UInt8]? = nil) {
        savedState = savedOperationState
    }

    public var context: ActivityExecutionContext {
        ActivityExecutionContext(
            log: { level, message in self.state.withLock { $0.logs.append(LogLine(level: level, message: message)) } },
            reportProgress: { fraction, message in
                self.state.withLock { $0.progress.append(Progress(fraction: fraction, message: message)) }
            },
            savedOperationState: savedState,
            saveOperationState: { bytes in self.state.withLock { $0.states.append(bytes) } })
    }

    public var logs: [LogLine] { state.withLock { $0.logs } }
    public var progress: [Progress] { state.withLock { $0.progress } }
    public var savedStates: [[UInt8]] { state.withLock { $0.states } }
}

/// A swift-log handler that keeps every message, for checking what plugins log outside calls.
public final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    // Mutable configuration follows swift-log's value-semantics contract; messages are locked.
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    private let store: LogStore

    public init(store: LogStore) {
        self.store = store
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let plugin = event.metadata?["plugin"] ?? metadata["plugin"]
        store.append(level: event.level, message: event.message.description, plugin: plugin.map { "\($0)" })
    }
}

/// Messages a ``RecordingLogHandler`` kept.
public final class LogStore: Sendable {
    public struct Entry: Sendable, Equatable {
        public var level: Logger.Level
        public var message: String
        public var plugin: String?
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    func append(level: Logger.Level, message: String, plugin: String?) {
        entries.withLock { $0.append(Entry(level: level, message: message, plugin: plugin)) }
    }

    public var all: [Entry] { entries.withLock { $0 } }

    /// A logger that writes into this store.
    public var logger: Logger {
        Logger(label: "pipehost.test") { _ in RecordingLogHandler(store: self) }
    }
}
