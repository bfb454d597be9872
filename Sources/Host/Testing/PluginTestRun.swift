import HostCore
import PipehostJSON

/// What one test call did: the outcome and what the plugin reported on the way, with throwing
/// assertions that explain a mismatch (they work with Swift Testing's `#expect(throws:)`/`try`
/// and with XCTest alike).
public struct PluginTestRun: Sendable {
    public let invocation: ActivityInvocation
    public let outcome: ActivityOutcome
    /// The fake services of the call: logs, progress, saved states.
    public let services: FakeHostServices

    public var logs: [FakeHostServices.LogLine] { services.logs }
    public var progress: [FakeHostServices.Progress] { services.progress }

    /// The output of a successful call.
    /// - Throws: ``PluginTestFailure/unexpectedOutcome(expected:actual:logs:)`` otherwise.
    @discardableResult
    public func requireSucceeded() throws(PluginTestFailure) -> JSONValue {
        guard case .succeeded(let output) = outcome else { throw mismatch("success") }
        return output
    }

    /// The error of a failed call, checked against `code` and a piece of its message when given.
    @discardableResult
    public func requireFailed(code: String? = nil, messageContains fragment: String? = nil) throws(PluginTestFailure)
        -> ActivityError
    {
        guard case .failed(let error) = outcome else {
            throw mismatch("a failure" + (code.map { " with error code \($0)" } ?? ""))
        }
        if let code, error.errorCode != code {
            throw mismatch("a failure with error code \(code)")
        }
        if let fragment, !error.message.contains(fragment) {
            throw mismatch("a failure whose message contains \(JSONSerializer.quoted(fragment))")
        }
        return error
    }

    /// Passes when the call ended as cancelled.
    public func requireCancelled() throws(PluginTestFailure) {
        guard case .cancelled = outcome else { throw mismatch("cancellation") }
    }

    /// The output member at a dotted path (`"rows.0.name"`), which must exist.
    public func requireOutput(_ path: String) throws(PluginTestFailure) -> JSONValue {
        let output = try requireSucceeded()
        var value = output
        for component in path.split(separator: ".") {
            let key = String(component)
            if let index = Int(key), case .array(let elements) = value, elements.indices.contains(index) {
                value = elements[index]
            } else if let member = value[key] {
                value = member
            } else {
                throw .missingOutput(path: path, output: JSONSerializer.serialize(output))
            }
        }
        return value
    }

    private func mismatch(_ expected: String) -> PluginTestFailure {
        let actual: String =
            switch outcome {
            case .succeeded(let output): "success with output \(JSONSerializer.serialize(output).prefix(500))"
            case .failed(let error): "failure \(error)"
            case .cancelled: "cancellation"
            }
        return .unexpectedOutcome(expected: expected, actual: actual, logs: logs.map(\.description))
    }
}

/// Why a test-kit call or assertion failed.
public enum PluginTestFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plugin library was refused; the loader's message says why.
    case loadFailed(String)
    /// The call ended otherwise than the test required.
    case unexpectedOutcome(expected: String, actual: String, logs: [String])
    /// The pipeline fixture could not be read or does not hold the activity.
    case fixture(path: String, problem: String)
    /// ``PluginTestRun/requireOutput(_:)`` found no member at that path.
    case missingOutput(path: String, output: String)

    public var description: String {
        switch self {
        case .loadFailed(let message):
            "the plugin did not load: \(message)"
        case .unexpectedOutcome(let expected, let actual, let logs):
            "expected \(expected), got \(actual)" + (logs.isEmpty ? "" : "\nplugin log:\n" + logs.joined(separator: "\n"))
        case .fixture(let path, let problem):
            "fixture '\(path)': \(problem)"
        case .missingOutput(let path, let output):
            "the output has no member at '\(path)': \(output.prefix(500))"
        }
    }
}
