import Foundation
import Logging
import PipehostJSON
import PipelineExpressions

/// Waits between retry attempts and in Wait activities. Tests replace it to run retries with
/// ADF's 30-second minimum interval without waiting; timeouts always use the real clock.
public protocol RunSleeper: Sendable {
    /// Returns after `duration`, or throws `CancellationError` when the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// Sleeps on the continuous clock.
public struct ContinuousSleeper: RunSleeper {
    /// The longest single sleep, about 68 years: what settings allow at most (they are
    /// range-checked where they are read), far below where the clock's nanosecond arithmetic
    /// would overflow. A longer duration from another caller is cut to it.
    public static let longestSleep = Duration.seconds(Int64(Int32.max))

    public init() {}
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: min(duration, Self.longestSleep)) }
}

/// How runs are carried out: identity, time, secrets and the services around them.
public struct RunOptions: Sendable {
    /// `pipeline().globalParameters`; `nil` uses the factory's.
    public var globalParameters: JSONObject?
    /// `pipeline().TriggerType` and the run record's `invokedBy` for top-level runs.
    public var triggerType: String
    public var triggerName: String
    public var sleeper: any RunSleeper
    public var now: @Sendable () -> Date
    /// New run and activity run ids (GUIDs).
    public var newIdentifier: @Sendable () -> String
    public var secretProvider: any SecretProvider
    /// Where the run and its activities log (messages are scrubbed of secrets first).
    public var logger: Logger
    public var expressionEnvironment: EvaluationEnvironment

    public init(
        globalParameters: JSONObject? = nil, triggerType: String = "Manual", triggerName: String = "Manual",
        sleeper: any RunSleeper = ContinuousSleeper(), now: @escaping @Sendable () -> Date = { Date() },
        newIdentifier: @escaping @Sendable () -> String = { GUIDGenerator.shared.next() },
        secretProvider: any SecretProvider = LocalSecretProvider(),
        logger: Logger = Logger(label: "pipehost.run", factory: { _ in SwiftLogNoOpLogHandler() }),
        expressionEnvironment: EvaluationEnvironment = .live
    ) {
        self.globalParameters = globalParameters
        self.triggerType = triggerType
        self.triggerName = triggerName
        self.sleeper = sleeper
        self.now = now
        self.newIdentifier = newIdentifier
        self.secretProvider = secretProvider
        self.logger = logger
        self.expressionEnvironment = expressionEnvironment
    }
}
