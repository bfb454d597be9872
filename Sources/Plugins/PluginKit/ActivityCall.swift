/// One call of an activity: its decoded input, the whole invocation, and the host's services for
/// this call (log, progress, cancellation).
///
/// Valid only while the body runs: do not keep it, or anything that refers to it, afterwards.
public struct ActivityCall<Input: Sendable>: Sendable {
    /// The activity's `typeProperties`, decoded.
    public let input: Input
    /// Everything the host sent: activity, linked services, datasets, run ids, settings.
    public let invocation: Invocation
    let handle: CallHandle

    init(input: Input, invocation: Invocation, handle: CallHandle) {
        self.input = input
        self.invocation = invocation
        self.handle = handle
    }

    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int { invocation.run.attempt }

    /// True once the host wants this call to stop (cancelled, or the attempt timed out). Cheap:
    /// check it in loops. In async bodies Swift task cancellation says the same.
    public var isCancelled: Bool { handle.isCancelled }

    /// Throws ``ActivityFailure/cancelled`` once the host wants the call to stop.
    public func checkCancellation() throws(ActivityFailure) {
        if isCancelled { throw .cancelled }
    }

    /// Writes a message to the run's log. Never pass secrets.
    public func log(_ level: LogLevel, _ message: String) {
        handle.log(level, message)
    }

    /// Reports progress: a fraction in 0...1 (nil when unknown) and what is happening.
    public func reportProgress(_ fraction: Double?, _ message: String? = nil) {
        handle.reportProgress(fraction, message)
    }

    /// Blocks the calling (host worker) thread for `duration`, waking every few milliseconds to
    /// check cancellation. For synchronous bodies; async bodies use `Task.sleep`.
    public func sleep(for duration: Duration) throws(ActivityFailure) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while clock.now < deadline {
            try checkCancellation()
            ThreadBlocking.sleep(for: min(deadline - clock.now, .milliseconds(5)))
        }
        try checkCancellation()
    }
}
