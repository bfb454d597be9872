/// An activity error in ADF's shape (`errorCode`, `message`, `failureType`, `details`), thrown from
/// an activity body to fail the activity. It is the contract's `ActivityError`, the very type the
/// host reads back from the boundary.
///
/// Any other error a body throws is turned into one at the boundary (see
/// ``ActivityError/init(describing:)``), so nothing a plugin throws can escape into the host.
public typealias ActivityFailure = ActivityError

extension ActivityError {
    /// A failure caused by the activity's input or data: retrying will not help.
    public static func userError(
        _ message: String, code: String = ActivityErrorCode.pluginUserError, details: JSONValue? = nil
    ) -> Self {
        ActivityError(errorCode: code, message: message, failureType: .userError, details: details)
    }

    /// A failure of the machinery (network, remote service, plugin): a retry may succeed.
    public static func systemError(
        _ message: String, code: String = ActivityErrorCode.pluginSystemError, details: JSONValue? = nil
    ) -> Self {
        ActivityError(errorCode: code, message: message, failureType: .systemError, details: details)
    }

    /// ADF's 2103: a required property has no value.
    public static func missingProperty(_ path: String) -> Self {
        .userError(
            "Please provide value for the required property '\(path)'.",
            code: ActivityErrorCode.missingRequiredProperty)
    }

    /// ADF's 2104: a property has the wrong type.
    public static func wrongPropertyType(_ path: String, _ explanation: String) -> Self {
        .userError(
            "The type of the property '\(path)' is incorrect: \(explanation).",
            code: ActivityErrorCode.wrongPropertyType)
    }

    /// ADF's 2105: a property's value is not acceptable.
    public static func invalidProperty(_ path: String, _ explanation: String) -> Self {
        .userError(
            "An invalid value is provided for property '\(path)': \(explanation).",
            code: ActivityErrorCode.invalidPropertyValue)
    }

    /// ADF's 2001: the activity's output is over ADF's 4 MB limit; `detail` says what was too large
    /// and what to do instead.
    public static func outputTooLarge(_ detail: String? = nil) -> Self {
        .userError(
            "The length of execution output is over limit (around 4MB currently)." + (detail.map { " " + $0 } ?? ""),
            code: ActivityErrorCode.outputTooLarge)
    }

    /// The call stopped because the host cancelled it (the activity was cancelled or timed out).
    public static let cancelled = ActivityError(
        errorCode: ActivityErrorCode.activityCancelled, message: "The activity was cancelled.", failureType: .userError)

    /// Turns any error into an activity failure: an ``ActivityFailure`` stays as it is, a decoding
    /// error names the property, `CancellationError` becomes ``cancelled``, and anything else a
    /// `SystemError` carrying the error's description.
    public init(describing error: any Error) {
        switch error {
        case let failure as ActivityError:
            self = failure
        case let decoding as JSONDecodingError:
            let path = decoding.path.isEmpty ? "input" : decoding.path
            switch decoding.kind {
            case .missingKey: self = .missingProperty(path)
            case .typeMismatch: self = .wrongPropertyType(path, decoding.message)
            case .invalidValue: self = .invalidProperty(path, decoding.message)
            }
        case is CancellationError:
            self = .cancelled
        default:
            self = .systemError("\(error)", code: ActivityErrorCode.pluginUnhandledError)
        }
    }
}
