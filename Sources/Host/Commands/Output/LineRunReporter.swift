import Foundation
import HostCore
import Synchronization

/// Without a terminal: one line per state change, prefixed with the time since the run started
/// (and the pipeline, for child runs).
final class LineRunReporter: RunObserver, Sendable {
    private let stream: StandardStreams
    private let start: Date
    private let topLevelRunId = Mutex<String?>(nil)
    private let pipelineNames = Mutex<[String: String]>([:])

    init(stream: StandardStreams, start: Date = Date()) {
        self.stream = stream
        self.start = start
    }

    nonisolated(nonsending) func record(_ event: RunEvent) async {
        let line: String?
        switch event {
        case .runStarted(let run, _):
            let isTop = topLevelRunId.withLock { id in
                if id == nil { id = run.runId }
                return id == run.runId
            }
            pipelineNames.withLock { $0[run.runId] = run.pipelineName }
            line = isTop ? "Pipeline '\(run.pipelineName)' started (run \(run.runId))"
                : "Child pipeline '\(run.pipelineName)' started (run \(run.runId))"
        case .activityQueued(let activity), .attemptStarted(let activity):
            line = prefix(activity.pipelineRunId) + RunDisplay.line(activity)
        case .attemptFinished(let activity, let willRetry):
            // The last attempt is reported by activityFinished.
            line = willRetry ? prefix(activity.pipelineRunId) + RunDisplay.line(activity) + " — will retry" : nil
        case .activityFinished(let activity):
            line = prefix(activity.pipelineRunId) + RunDisplay.line(activity)
        case .runFinished(let run):
            line = RunDisplay.conclusion(run)
        case .variableChanged, .operationStateSaved, .iterationFinished:
            line = nil
        }
        guard let line else { return }
        let elapsed = Date().timeIntervalSince(start)
        stream.write(String(format: "[%8.3fs] ", elapsed) + line + "\n")
    }

    private func prefix(_ runId: String) -> String {
        let isTop = topLevelRunId.withLock { $0 == runId }
        guard !isTop, let name = pipelineNames.withLock({ $0[runId] }) else { return "" }
        return "[\(name)] "
    }
}

