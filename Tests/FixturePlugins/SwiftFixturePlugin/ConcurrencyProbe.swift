import PluginKit
import Synchronization

/// Shared state of the concurrency fixtures. Plugin-global on purpose: it observes every call
/// the host makes, from whatever thread.
enum ConcurrencyProbe {
    /// Counts calls inside `measure` and remembers whether two were ever inside at once.
    final class OverlapDetector: Sendable {
        private let inside = Atomic<Int>(0)

        func measure(_ body: () throws -> Void) throws -> JSONValue {
            let before = inside.add(1, ordering: .sequentiallyConsistent).newValue
            defer { inside.subtract(1, ordering: .sequentiallyConsistent) }
            try body()
            let overlapped = before > 1 || inside.load(ordering: .sequentiallyConsistent) > 1
            return ["overlapped": .bool(overlapped)]
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
