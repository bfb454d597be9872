import PipehostJSON

/// An activity error in ADF's shape, the one type for it on both sides of the plugin boundary:
/// `{"errorCode": "2600", "message": "…", "failureType": "UserError" | "SystemError", "details": …}`.
///
/// Executors fail activities with it (built-in control activities and the plugin runtime in the
/// host); PluginKit throws it (as `ActivityFailure`) and writes ``json`` into `ph_result.error`;
/// the host reads what a plugin wrote with ``init(validating:)`` and turns a malformed object into
/// a report that the plugin misbehaved. Run records add the activity's name as `target`
/// (``json(target:)``).
public struct ActivityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ADF's two failure classes.
    public enum FailureType: String, Sendable, Equatable, CaseIterable {
        /// The activity's input or the remote side's data is wrong; retrying will not help.
        case userError = "UserError"
        /// Something failed in the machinery (network, service, plugin); a retry may succeed.
        case systemError = "SystemError"
    }

    /// ADF's error code, e.g. `"2600"`; numeric codes are written as strings, as ADF does.
    public var errorCode: String
    /// What happened and what to do, for the person reading the run.
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

    /// The JSON object that crosses the plugin boundary (and the worker protocol).
    public var json: JSONValue {
        var object: JSONObject = [
            "errorCode": .string(errorCode), "message": .string(message),
            "failureType": .string(failureType.rawValue),
        ]
        if let details { object["details"] = details }
        return .object(object)
    }

    /// The record form of ADF's activity runs: ``json`` plus `target`, the activity's name.
    public func json(target: String) -> JSONValue {
        var object: JSONObject = [
            "errorCode": .string(errorCode), "message": .string(message),
            "failureType": .string(failureType.rawValue), "target": .string(target),
        ]
        if let details { object["details"] = details }
        return .object(object)
    }

    /// Reads an error object the other side produced. `message` must be a string; `errorCode` a
    /// string (an integer is accepted and written as its digits); `failureType`, when present, one
    /// of ADF's two classes (absent means `UserError`); `details` any JSON.
    ///
    /// - Throws: a sentence saying what is wrong with the object.
    public init(validating value: JSONValue) throws(ShapeProblem) {
        guard case .object(let object) = value else {
            throw ShapeProblem("the error is \(value.typeName.lowercased()), not a JSON object")
        }
        switch object["errorCode"] {
        case .string(let code): errorCode = code
        case .integer(let code): errorCode = String(code)
        case nil: throw ShapeProblem("the error object has no \"errorCode\"")
        case let other?: throw ShapeProblem("\"errorCode\" is \(other.typeName.lowercased()), not a string")
        }
        switch object["message"] {
        case .string(let text): message = text
        case nil: throw ShapeProblem("the error object has no \"message\"")
        case let other?: throw ShapeProblem("\"message\" is \(other.typeName.lowercased()), not a string")
        }
        switch object["failureType"] {
        case nil, .null: failureType = .userError
        case .string(let text):
            guard let type = FailureType(rawValue: text) else {
                throw ShapeProblem("\"failureType\" is \"\(text)\", not \"UserError\" or \"SystemError\"")
            }
            failureType = type
        case let other?:
            throw ShapeProblem("\"failureType\" is \(other.typeName.lowercased()), not a string")
        }
        details = object["details"]
    }

    /// Why an error object does not have ADF's shape.
    public struct ShapeProblem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The sentence that explains it.
        public var description: String

        public init(_ description: String) { self.description = description }
    }
}
