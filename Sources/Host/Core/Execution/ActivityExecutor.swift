import PipehostJSON

/// Something that carries out activities of one type: a loaded plugin (in process or isolated), or
/// a built-in control activity. The runner knows executors only through this protocol.
///
/// Implementation requirements:
/// - `execute` never throws and never traps: every failure becomes `.failed` with an ADF-shaped error.
/// - Cancellation arrives as Swift task cancellation (the activity was cancelled or its attempt
///   timed out). Stop promptly, ask the remote side to stop (a plugin's `cancel`), and return
///   `.cancelled`; the runner decides whether that is a timeout or a user cancellation.
/// - Never block the calling task's thread: blocking work belongs on a dedicated thread pool.
/// - A long-running operation reports each new state through `context.saveOperationState` before it
///   waits, and resumes from `context.savedOperationState` when the runner resumes a run.
public protocol ActivityExecutor: Sendable {
    /// What this executor implements, for the registry, `pipehost plugins list` and validation.
    var descriptor: ActivityTypeDescriptor { get }

    /// Carries out one attempt of one activity run. Runs on the caller's executor (the engine's
    /// thread) until it first suspends, so it must hand any blocking work to a thread of its own.
    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome
}

/// The facts about an activity type that the host shows and schedules by.
public struct ActivityTypeDescriptor: Sendable, Hashable {
    /// Where an executor comes from.
    public enum Origin: Sendable, Hashable {
        /// Built into the host (control activities).
        case builtIn
        /// A plugin loaded from a shared library.
        case plugin(id: String, version: String, path: String)
    }

    /// The ADF activity `type` it claims, matched exactly.
    public var typeName: String
    public var origin: Origin
    /// One line for listings; may be empty.
    public var summary: String
    /// The executor may be called concurrently; otherwise the host serialises its calls.
    public var isThreadSafe: Bool
    /// Start/poll/cancel operations: polled on timers, resumable after a restart.
    public var isLongRunning: Bool
    /// The linked service types the activity can reach, as its plugin declares them (ABI 1.1);
    /// nil when it does not say.
    public var linkedServiceTypes: [String]?

    public init(
        typeName: String, origin: Origin, summary: String = "", isThreadSafe: Bool, isLongRunning: Bool,
        linkedServiceTypes: [String]? = nil
    ) {
        self.typeName = typeName
        self.origin = origin
        self.summary = summary
        self.isThreadSafe = isThreadSafe
        self.isLongRunning = isLongRunning
        self.linkedServiceTypes = linkedServiceTypes
    }
}
