import HostCore
import PipehostJSON

extension ActivityOutcome {
    /// The output of a succeeded outcome, else nil.
    public var output: JSONValue? {
        if case .succeeded(let output) = self { return output }
        return nil
    }

    /// The error of a failed outcome, else nil.
    public var error: ActivityError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}
