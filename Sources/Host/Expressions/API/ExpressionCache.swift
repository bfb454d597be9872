import Foundation
import PipehostJSON

/// Thread-safe cache of compiled expressions keyed by their text, so that a pipeline's strings are
/// parsed once however often its activities run. When full, the least recently compiled half is
/// dropped. Compile errors are not cached.
public final class ExpressionCache: Sendable {
    private let capacity: Int
    private let storage = LockedStorage()

    public init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The compiled form of `text`, compiled now if it was not cached.
    public func compile(_ text: String) throws(ExpressionError) -> CompiledExpression {
        if let cached = storage.lookup(text) { return cached }
        let compiled = try CompiledExpression.compile(text)
        storage.insert(compiled, for: text, capacity: capacity)
        return compiled
    }

    /// How many compiled expressions the cache holds.
    public var count: Int { storage.count }
}

/// The cache's table behind a lock. `NSLock` keeps this portable; the critical sections are a
/// dictionary lookup or insert.
private final class LockedStorage: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    private struct Entry {
        var expression: CompiledExpression
        var stamp: UInt64
    }

    func lookup(_ text: String) -> CompiledExpression? {
        lock.lock()
        defer { lock.unlock() }
        return entries[text]?.expression
    }

    func insert(_ expression: CompiledExpression, for text: String, capacity: Int) {
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        if entries.count >= capacity, entries[text] == nil {
            // Evict the older half in one go, so inserts stay cheap on average.
            let sorted = entries.values.map(\.stamp).sorted()
            let cutoff = sorted[sorted.count / 2]
            entries = entries.filter { $0.value.stamp > cutoff }
        }
        entries[text] = Entry(expression: expression, stamp: clock)
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
