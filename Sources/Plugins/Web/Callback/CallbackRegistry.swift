import PluginKit
import Synchronization

/// The WebHook activities waiting for their callback, by callback id, and the callbacks that
/// arrived. Filled by ``CallbackServer``, read by the activities' polls. In memory only: a
/// callback id is a capability (whoever knows it completes the activity), so it is never stored.
final class CallbackRegistry: Sendable {
    enum Entry: Sendable, Equatable {
        case waiting
        case arrived(JSONValue)
    }

    private let entries = Mutex<[String: Entry]>([:])

    func register(_ id: String) {
        entries.withLock { $0[id] = .waiting }
    }

    func entry(_ id: String) -> Entry? {
        entries.withLock { $0[id] }
    }

    /// Records a callback's body; false when nothing waits for `id` (unknown, or called already).
    func deliver(_ id: String, body: JSONValue) -> Bool {
        entries.withLock { entries in
            guard entries[id] == .waiting else { return false }
            entries[id] = .arrived(body)
            return true
        }
    }

    func forget(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
