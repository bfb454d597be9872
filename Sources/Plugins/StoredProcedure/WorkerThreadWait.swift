import Dispatch

/// Waits on the host's worker thread for async work (the PostgreSQL driver is async), passing the
/// host's cancellation on to the task.
///
/// The activity runs as a synchronous PluginKit body so that native procedures execute on the
/// host's worker thread, which may block, and never on the Swift cooperative pool; PostgreSQL
/// calls therefore bridge back to async here.
enum WorkerThreadWait {
    /// Runs `body` as a task and blocks until it returns, checking `isCancelled` every 5 ms and
    /// cancelling the task once it says yes. Returns the task's value (nil only if the task ended
    /// without producing one, which the semaphore's ordering rules out).
    static func run<T: Sendable>(
        isCancelled: () -> Bool, _ body: @escaping @Sendable () async -> T
    ) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task {
            box.value = await body()
            done.signal()
        }
        var cancelled = false
        while done.wait(timeout: .now() + .milliseconds(5)) == .timedOut {
            if !cancelled && isCancelled() {
                task.cancel()
                cancelled = true
            }
        }
        // The semaphore's signal orders the write before this read.
        return box.value
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        var value: T?
    }
}
