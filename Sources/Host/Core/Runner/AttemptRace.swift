import PipehostJSON

/// Runs one attempt of an executor against its timeout.
enum AttemptRace {
    /// How an attempt ended.
    enum End: Sendable {
        case outcome(ActivityOutcome)
        /// The timeout expired first; the executor was cancelled and has returned.
        case timedOut
    }

    /// Calls the executor in a child task and sleeps for `timeout` in another; whichever ends first
    /// cancels the other. On expiry the executor is cancelled (a plugin's `cancel` is called) and
    /// awaited, so that nothing of the attempt outlives it.
    static func run(
        _ executor: any ActivityExecutor, _ invocation: ActivityInvocation, context: ActivityExecutionContext,
        timeout: Duration
    ) async -> End {
        await withTaskGroup(of: End?.self) { group in
            group.addTask { .outcome(await executor.execute(invocation, context: context)) }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil  // cancelled: the executor finished first, or the run was cancelled
                }
            }
            var timedOut = false
            while let next = await group.next() {
                switch next {
                case .timedOut?:
                    timedOut = true
                    group.cancelAll()
                case .outcome(let outcome)?:
                    group.cancelAll()
                    // An executor that succeeds or fails as the timer fires keeps its real result.
                    if timedOut, case .cancelled = outcome { return .timedOut }
                    return .outcome(outcome)
                case nil:
                    continue
                }
            }
            return .timedOut
        }
    }
}
