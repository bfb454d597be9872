/// What one step of a long-running operation (`start` or `poll`) found.
public enum OperationStep<State: Codable & Sendable, Output: Encodable & Sendable>: Sendable {
    /// Still running: the host stores `state` with the run and calls `poll` after `pollAfter`
    /// (nil means the host's default interval).
    case running(State, pollAfter: Duration? = nil)
    /// Finished successfully with this output (it must encode as a JSON object).
    case succeeded(Output)
}
