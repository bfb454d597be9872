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

/// An activity error in ADF's shape: `{"errorCode", "message", "failureType", "target", "details"}`.
public struct ActivityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ADF's failure classes.
    public enum FailureType: String, Sendable, Equatable {
        case userError = "UserError"
        case systemError = "SystemError"
    }

    /// ADF's error code as a string, e.g. `"2600"` for Batch Execution failures.
    public var errorCode: String
    public var message: String
    public var failureType: FailureType
    /// Extra structured information, if any.
    public var details: JSONValue?

    public init(errorCode: String, message: String, failureType: FailureType = .userError, details: JSONValue? = nil) {
        self.errorCode = errorCode
        self.message = message
        self.failureType = failureType
        self.details = details
    }

    public var description: String { "\(errorCode) (\(failureType.rawValue)): \(message)" }

    /// The record form; `target` is the activity name.
    public func json(target: String) -> JSONValue {
        var object: JSONObject = [
            "errorCode": .string(errorCode), "message": .string(message),
            "failureType": .string(failureType.rawValue), "target": .string(target),
        ]
        if let details { object["details"] = details }
        return .object(object)
    }
}
