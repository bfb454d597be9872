import Foundation

/// The one thread the engine's own work runs on: every `PipelineRun` actor and every attempt task
/// (scheduling, expressions, records, observer calls, control activities). Work hops between them
/// without waking another thread, as in an event loop; plugins do their blocking work on their
/// own threads (the `ActivityExecutor` contract), so this thread never waits on them.
final class RunExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // @unchecked: the mutable state is the job queue behind `condition`, touched only under it.
    static let shared = RunExecutor()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "pipehost.engine"
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    private func runJobs() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch {
                job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
