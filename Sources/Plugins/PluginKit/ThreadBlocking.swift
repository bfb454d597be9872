#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking the host's worker thread: the one file in PluginKit that talks to pthreads.
///
/// The host calls plugins on dedicated worker threads that may block, never on the Swift
/// cooperative pool. An `async` activity body therefore runs as a Swift task while the worker
/// thread waits here for its result, waking every few milliseconds to pass the host's
/// cancellation on to the task.
enum ThreadBlocking {
    /// Sleeps the calling thread.
    static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }

    /// Runs `body` as a task and blocks this thread until it finished. While waiting, it asks
    /// `isCancelled` every few milliseconds and cancels the task once it says yes.
    static func run<T: Sendable>(
        isCancelled: @escaping () -> Bool, _ body: @escaping @Sendable () async -> T
    ) -> T {
        let waiter = CompletionWaiter<T>()
        let task = Task {
            waiter.complete(await body())
        }
        var cancelled = false
        while true {
            if let value = waiter.wait(milliseconds: 5) { return value }
            if !cancelled && isCancelled() {
                task.cancel()
                cancelled = true
            }
        }
    }
}

/// A one-shot result slot that one thread fills and another waits for, with a timeout.
final class CompletionWaiter<T: Sendable>: @unchecked Sendable {
    // pthread objects must not move, so they live on the heap; the mutex guards `value`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var value: T?

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func complete(_ result: T) {
        pthread_mutex_lock(mutex)
        value = result
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// The value once it is there, or nil after waiting about `milliseconds`.
    func wait(milliseconds: Int) -> T? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if value == nil {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let nanoseconds = deadline.tv_nsec + milliseconds * 1_000_000
            deadline.tv_sec += nanoseconds / 1_000_000_000
            deadline.tv_nsec = nanoseconds % 1_000_000_000
            pthread_cond_timedwait(condition, mutex, &deadline)
        }
        return value
    }
}
