import PipehostJSON
import Synchronization

/// The secret values a run resolved, and the one place that removes them from everything the run
/// writes: logs, run records, error messages, outputs. Every value registered is replaced by `***`.
///
/// Shared by a run and its ExecutePipeline children, so a secret resolved anywhere is scrubbed
/// everywhere.
public final class SecretRedactor: Sendable {
    public static let mask = "***"

    private struct State {
        /// Longest first, so that a secret containing another is replaced whole.
        var secrets: [String] = []
        var known: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds a secret value. Empty values are ignored (they would match everywhere).
    public func register(_ secret: String) {
        guard !secret.isEmpty else { return }
        state.withLock { state in
            guard state.known.insert(secret).inserted else { return }
            let position = state.secrets.firstIndex { $0.count < secret.count } ?? state.secrets.count
            state.secrets.insert(secret, at: position)
        }
    }

    /// Whether any secret was registered.
    public var isEmpty: Bool { state.withLock { $0.secrets.isEmpty } }

    /// `text` with every registered secret replaced by `***`.
    public func scrub(_ text: String) -> String {
        let secrets = state.withLock { $0.secrets }
        guard !secrets.isEmpty else { return text }
        return Self.scrub(text, secrets)
    }

    /// `value` with every registered secret replaced by `***` in every string and member name.
    public func scrub(_ value: JSONValue) -> JSONValue {
        let secrets = state.withLock { $0.secrets }
        guard !secrets.isEmpty else { return value }
        return Self.scrub(value, secrets)
    }

    /// An error with its message and details scrubbed.
    public func scrub(_ error: ActivityError) -> ActivityError {
        let secrets = state.withLock { $0.secrets }
        guard !secrets.isEmpty else { return error }
        var scrubbed = error
        scrubbed.message = Self.scrub(error.message, secrets)
        scrubbed.errorCode = Self.scrub(error.errorCode, secrets)
        scrubbed.details = error.details.map { Self.scrub($0, secrets) }
        return scrubbed
    }

    private static func scrub(_ text: String, _ secrets: [String]) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: mask)
        }
        return result
    }

    private static func scrub(_ value: JSONValue, _ secrets: [String]) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(scrub(text, secrets))
        case .array(let elements):
            return .array(elements.map { scrub($0, secrets) })
        case .object(let object):
            var result = JSONObject()
            for member in object { result[scrub(member.key, secrets)] = scrub(member.value, secrets) }
            return .object(result)
        default:
            return value
        }
    }
}
