import PipehostPluginABI

/// The `PH_STATUS_*` values an activity function (and `init`) returns.
public enum CallStatus: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// `PH_STATUS_SUCCEEDED`: finished; `ph_result.output` holds the output.
    case succeeded = 0
    /// `PH_STATUS_FAILED`: finished; `ph_result.error` holds the error.
    case failed = 1
    /// `PH_STATUS_RUNNING`: start/poll only; `ph_result.state` and `next_poll_ms` are set.
    case running = 2

    /// The macro name, for messages about plugins that return something else.
    public var description: String {
        switch self {
        case .succeeded: "PH_STATUS_SUCCEEDED"
        case .failed: "PH_STATUS_FAILED"
        case .running: "PH_STATUS_RUNNING"
        }
    }
}

/// The `PH_LOG_*` levels of `ph_host_services.log`.
public enum PluginLogLevel: Int32, Sendable, CaseIterable {
    case trace = 0
    case debug = 1
    case info = 2
    case warning = 3
    case error = 4

    /// Maps any `int32_t` a plugin passes: below the range is trace, above it is error, so a
    /// plugin's message is never lost over a bad level.
    public init(clamping raw: Int32) {
        self = PluginLogLevel(rawValue: min(max(raw, 0), 4)) ?? .error
    }
}

/// The `PH_ACTIVITY_*` bits of `ph_activity_descriptor.flags`.
public struct ActivityFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `PH_ACTIVITY_THREAD_SAFE`: the activity's functions may be called concurrently.
    public static let threadSafe = ActivityFlags(rawValue: 1 << 0)
    /// `PH_ACTIVITY_LONG_RUNNING`: start/poll/cancel are set and run is NULL.
    public static let longRunning = ActivityFlags(rawValue: 1 << 1)

    /// Every bit this ABI version defines; others are refused.
    public static let known: ActivityFlags = [.threadSafe, .longRunning]
}
