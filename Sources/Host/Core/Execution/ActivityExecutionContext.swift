import Logging
import PipehostJSON

/// What the runner offers an executor during one attempt: logging into the run's log, progress,
/// and persistence of a long-running operation's state.
///
/// A struct of closures so that the runner, the plugin adapters and tests can each supply their own.
public struct ActivityExecutionContext: Sendable {
    /// Writes to the run's log; the runner scrubs secrets and honours `secureInput`/`secureOutput`.
    public var log: @Sendable (Logger.Level, String) -> Void
    /// Progress of the attempt: a fraction in 0...1 (nil when unknown) and a short message.
    public var reportProgress: @Sendable (Double?, String?) -> Void
    /// The state a long-running operation saved before the host stopped, when the runner resumes a run.
    public var savedOperationState: [UInt8]?
    /// Stores a long-running operation's state so a restarted host resumes polling the same remote
    /// operation; returns once it is durable.
    public var saveOperationState: @Sendable ([UInt8]) async -> Void

    public init(
        log: @escaping @Sendable (Logger.Level, String) -> Void = { _, _ in },
        reportProgress: @escaping @Sendable (Double?, String?) -> Void = { _, _ in },
        savedOperationState: [UInt8]? = nil,
        saveOperationState: @escaping @Sendable ([UInt8]) async -> Void = { _ in }
    ) {
        self.log = log
        self.reportProgress = reportProgress
        self.savedOperationState = savedOperationState
        self.saveOperationState = saveOperationState
    }
}
