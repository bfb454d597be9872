#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded pool of dedicated threads for blocking plugin calls: the one file in the host that
/// creates threads.
///
/// Plugin functions may block (a synchronous activity runs a whole command), so they must never
/// run on the Swift cooperative pool, whose few threads the runner needs. Threads are created on
/// demand up to `limit` and then reused; work beyond the limit waits in FIFO order. A task waiting
/// for its turn holds no thread.
final class WorkerThreadPool: @unchecked Sendable {
    // Every mutable field is guarded by `mutex`.
    typealias Job = @Sendable () -> Void

    let limit: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Job] = []
    private var queueHead = 0
    private var threadCount = 0
    private var idleCount = 0
    private var stopping = false

    init(limit: Int) {
        self.limit = max(1, limit)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    // Never deinitialised while threads run: each thread retains the pool until it exits.

    /// Runs `work` on a pool thread and returns its result; the calling task is suspended, not
    /// blocked, while it waits.
    nonisolated(nonsending) func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: work()) }
        }
    }

    /// The number of threads created so far (never more than `limit`).
    var threadsStarted: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return threadCount
    }

    /// Lets idle threads exit; work submitted afterwards still runs (a thread is started for it).
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func submit(_ job: @escaping Job) {
        pthread_mutex_lock(mutex)
        queue.append(job)
        var startThread = false
        if idleCount > 0 {
            pthread_cond_signal(condition)
        } else if threadCount < limit {
            threadCount += 1
            startThread = true
        }
        pthread_mutex_unlock(mutex)
        if startThread { startWorkerThread() }
    }

    private func startWorkerThread() {
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let pool = Unmanaged<WorkerThreadPool>.fromOpaque(argument).takeRetainedValue()
            pool.workLoop()
            return nil
        }, retained)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread: run the job inline on a new attempt later; undo the count so the next
            // submit retries, and drain this job now rather than lose it.
            Unmanaged<WorkerThreadPool>.fromOpaque(retained).release()
            pthread_mutex_lock(mutex)
            threadCount -= 1
            pthread_mutex_unlock(mutex)
            if let job = nextJob(waiting: false) { job() }
        }
    }

    private func workLoop() {
        while let job = nextJob(waiting: true) { job() }
    }

    /// The next queued job; when `waiting`, blocks until there is one or the pool stops (then the
    /// thread leaves the pool and nil is returned).
    private func nextJob(waiting: Bool) -> Job? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queueHead == queue.count {
            guard waiting, !stopping else {
                if waiting { threadCount -= 1 }
                return nil
            }
            idleCount += 1
            pthread_cond_wait(condition, mutex)
            idleCount -= 1
        }
        let job = queue[queueHead]
        queueHead += 1
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }
}

/// Blocking sleep of the calling thread, for the few places that wait outside async code.
enum ThreadSleep {
    static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
