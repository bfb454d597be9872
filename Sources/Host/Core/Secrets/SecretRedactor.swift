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
        /// The UTF-8 bytes of each secret, longest first, so that a secret containing another is
        /// replaced whole.
        var secrets: [[UInt8]] = []
        var known: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds a secret value. Empty values are ignored (they would match everywhere).
    public func register(_ secret: String) {
        guard !secret.isEmpty else { return }
        state.withLock { state in
            guard state.known.insert(secret).inserted else { return }
            let bytes = Array(secret.utf8)
            let position = state.secrets.firstIndex { $0.count < bytes.count } ?? state.secrets.count
            state.secrets.insert(bytes, at: position)
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

    private static let maskBytes = Array(mask.utf8)

    private static func scrub(_ text: String, _ secrets: [[UInt8]]) -> String {
        scrubbedIfChanged(text, secrets) ?? text
    }

    private static func scrub(_ value: JSONValue, _ secrets: [[UInt8]]) -> JSONValue {
        scrubbedIfChanged(value, secrets) ?? value
    }

    /// `text` with the secrets replaced, or nil when it holds none (the common case, which then
    /// costs one `memmem` per secret and allocates nothing).
    private static func scrubbedIfChanged(_ text: String, _ secrets: [[UInt8]]) -> String? {
        var text = text
        let holdsASecret = text.withUTF8 { bytes in secrets.contains { ByteSearch.contains(bytes, $0) } }
        guard holdsASecret else { return nil }
        var bytes = Array(text.utf8)
        for secret in secrets { bytes = ByteSearch.replacingAll(secret, with: maskBytes, in: bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` with the secrets replaced in every string and member name, or nil when it holds
    /// none, so that clean values are shared rather than copied.
    private static func scrubbedIfChanged(_ value: JSONValue, _ secrets: [[UInt8]]) -> JSONValue? {
        switch value {
        case .string(let text):
            return scrubbedIfChanged(text, secrets).map(JSONValue.string)
        case .array(let elements):
            var result = elements
            var changed = false
            for (index, element) in elements.enumerated() {
                guard let scrubbed = scrubbedIfChanged(element, secrets) else { continue }
                result[index] = scrubbed
                changed = true
            }
            return changed ? .array(result) : nil
        case .object(let object):
            let changed = object.contains { member in
                scrubbedIfChanged(member.key, secrets) != nil || scrubbedIfChanged(member.value, secrets) != nil
            }
            guard changed else { return nil }
            var result = JSONObject()
            for member in object { result[scrub(member.key, secrets)] = scrub(member.value, secrets) }
            return .object(result)
        default:
            return nil
        }
    }
}
