import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into cancellation of a task: the first signal cancels it
/// (running activities are cancelled and recorded), a second one exits at once with 130.
final class InterruptHandler {
    private let sources: [any DispatchSourceSignal]

    init<Success: Sendable>(cancelling task: Task<Success, Never>, onFirstSignal: @escaping @Sendable () -> Void = {}) {
        let queue = DispatchQueue(label: "pipehost.signals")
        let count = SignalCount()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if count.increment() == 1 {
                    onFirstSignal()
                    task.cancel()
                } else {
                    Foundation.exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    /// Restores the default signal behaviour.
    func remove() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// How many signals arrived.
private final class SignalCount: Sendable {
    private let value = Mutex(0)
    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
