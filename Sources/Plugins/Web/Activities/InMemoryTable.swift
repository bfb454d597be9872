import Synchronization

/// Text kept in the plugin's memory by operation key, for what an operation state must not hold:
/// a Web activity's polling `Location` with a query (a key such as a durable function's `code=`
/// often rides there), a WebHook's callback id (whoever knows it completes the activity).
/// Operation states are stored with the run; this table dies with the process.
final class InMemoryTable: Sendable {
    private let values = Mutex<[String: String]>([:])

    func set(_ value: String, for key: String) {
        values.withLock { $0[key] = value }
    }

    func value(for key: String) -> String? {
        values.withLock { $0[key] }
    }

    @discardableResult
    func remove(_ key: String) -> String? {
        values.withLock { $0.removeValue(forKey: key) }
    }
}
