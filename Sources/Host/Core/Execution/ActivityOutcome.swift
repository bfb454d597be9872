// The error shape is shared with the plugin side: re-exported so that every module that uses
// HostCore has `ActivityError` as before.
@_exported import ActivityContract
import PipehostJSON

/// How one attempt of an activity ended, as its executor reports it.
public enum ActivityOutcome: Sendable, Equatable {
    /// The activity succeeded with this output (a JSON object).
    case succeeded(output: JSONValue)
    /// The activity failed.
    case failed(ActivityError)
    /// The executor stopped because its task was cancelled.
    case cancelled
}
