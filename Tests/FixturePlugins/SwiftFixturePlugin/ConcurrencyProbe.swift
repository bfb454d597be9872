import PluginKit
import Synchronization

/// Shared state of the concurrency fixtures. Plugin-global on purpose: it observes every call
/// the host makes, from whatever thread.
enum ConcurrencyProbe {
    /// Counts calls inside `measure` per probe name and tells whether two were ever inside at once.
    /// Named probes keep tests that run at the same time (each with its own host, all sharing this
    /// image's globals) from seeing each other's calls.
    final class OverlapDetector: Sendable {
        private let inside = Mutex<[String: Int]>([:])

        func measure(_ probe: String, _ body: () throws -> Void) throws -> JSONValue {
            let before = inside.withLock { counts in
                counts[probe, default: 0] += 1
                return counts[probe, default: 0]
            }
            defer { inside.withLock { $0[probe, default: 0] -= 1 } }
            try body()
            let after = inside.withLock { $0[probe, default: 0] }
            return ["overlapped": .bool(before > 1 || after > 1)]
        }
    }

    static let serial = OverlapDetector()

    private static let groups = Mutex<[String: Int]>([:])

    /// Joins `group` and waits until `parties` calls have joined it (or 30 s pass, or the call is
    /// cancelled). Succeeding proves that many calls ran at the same time on different threads.
    static func rendezvous(_ call: ActivityCall<RendezvousInput>) throws -> JSONValue {
        let group = call.input.group
        groups.withLock { $0[group, default: 0] += 1 }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        while groups.withLock({ $0[group, default: 0] }) < call.input.parties {
            guard clock.now < deadline else {
                throw ActivityFailure.systemError("only \(groups.withLock { $0[group, default: 0] }) of \(call.input.parties) calls met")
            }
            try call.sleep(for: .milliseconds(1))
        }
        return ["met": .integer(Int64(call.input.parties))]
    }
}
