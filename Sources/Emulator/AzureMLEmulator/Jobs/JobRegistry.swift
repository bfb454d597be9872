import Foundation

/// Every batch job, in memory, and the timers that end running jobs.
///
/// A running job costs one suspended task (a sleep), not a thread, so thousands can run at once.
actor JobRegistry {
    private var jobs: [String: BatchJob] = [:]
    private var timers: [String: Task<Void, Never>] = [:]
    private let executor: JobExecutor

    init(executor: JobExecutor) {
        self.executor = executor
    }

    /// Registers a job in `NotStarted` and returns its id.
    func submit(_ plan: JobPlan, now: Date = Date()) -> String {
        let id = ServiceIdentifiers.newJobId()
        jobs[id] = BatchJob(id: id, serviceId: plan.endpoint.serviceId, plan: plan, createdAt: now)
        return id
    }

    /// Starts a job; after `duration` it runs its work (or fails, when `injectedFailure` is set).
    func start(
        _ id: String, serviceId: String, duration: EmulatorDuration, injectedFailure: String?, now: Date = Date()
    ) throws(AzureMLServiceError) {
        var job = try lookup(id, serviceId: serviceId)
        try job.start(at: now)
        jobs[id] = job
        timers[id] = Task { [weak self] in
            do {
                try await Task.sleep(for: duration.duration)
            } catch {
                return  // Cancelled: the registry is shutting down.
            }
            await self?.complete(id, injectedFailure: injectedFailure)
        }
    }

    /// A snapshot of the job.
    func job(_ id: String, serviceId: String) throws(AzureMLServiceError) -> BatchJob {
        try lookup(id, serviceId: serviceId)
    }

    /// Cancels a job that has not ended, or forgets one that has.
    func delete(_ id: String, serviceId: String, now: Date = Date()) throws(AzureMLServiceError) {
        var job = try lookup(id, serviceId: serviceId)
        switch job.delete(at: now) {
        case .cancelled:
            jobs[id] = job
        case .remove:
            jobs[id] = nil
        }
        timers.removeValue(forKey: id)?.cancel()
    }

    /// How many jobs are in each state.
    func counts() -> [BatchJobState: Int] {
        var counts: [BatchJobState: Int] = [:]
        for job in jobs.values { counts[job.state, default: 0] += 1 }
        return counts
    }

    /// Stops every timer; running jobs stay `Running`.
    func shutdown() {
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
    }

    private func lookup(_ id: String, serviceId: String) throws(AzureMLServiceError) -> BatchJob {
        guard let job = jobs[id], job.serviceId == serviceId else { throw .jobNotFound(id) }
        return job
    }

    private func complete(_ id: String, injectedFailure: String?) async {
        timers[id] = nil
        guard let plan = jobs[id]?.plan, jobs[id]?.state == .running else { return }
        if let injectedFailure {
            jobs[id]?.fail(details: injectedFailure, at: Date())
            return
        }
        let outcome = await executor.execute(plan)
        switch outcome {
        case .success(let results): jobs[id]?.finish(results: results, at: Date())
        case .failure(let failure): jobs[id]?.fail(details: failure.description, at: Date())
        }
    }
}
