import Foundation
import HostCore
import Synchronization

/// On a terminal: a live view of the run, redrawn in place — counts by status, then the activities
/// in flight and the latest to finish. Cleared when the run ends, so the summary table follows.
final class LiveRunView: RunObserver, Sendable {
    private struct State {
        var topRunId: String?
        var pipelineName = ""
        var runStart = Date()
        /// The latest record of every activity run, by id, and the order they appeared in.
        var records: [String: ActivityRunRecord] = [:]
        var order: [String] = []
        var drawnLines = 0
        var lastDraw = Date.distantPast
        var finished = false
    }

    private let stream: StandardStreams
    private let state = Mutex(State())
    private let maximumRows: Int

    init(stream: StandardStreams, maximumRows: Int = 16) {
        self.stream = stream
        self.maximumRows = maximumRows
    }

    nonisolated(nonsending) func record(_ event: RunEvent) async {
        let shouldDraw = state.withLock { state -> Bool in
            switch event {
            case .runStarted(let run, _):
                if state.topRunId == nil {
                    state.topRunId = run.runId
                    state.pipelineName = run.pipelineName
                    state.runStart = run.runStart ?? Date()
                }
            case .activityQueued(let record), .attemptStarted(let record), .attemptFinished(let record, _),
                .activityFinished(let record):
                if state.records.updateValue(record, forKey: record.activityRunId) == nil { state.order.append(record.activityRunId) }
            case .runFinished(let run):
                if run.runId == state.topRunId { state.finished = true }
            default:
                return false
            }
            // At most twenty frames a second; the ticker covers quiet periods.
            return Date().timeIntervalSince(state.lastDraw) >= 0.05
        }
        if shouldDraw { draw() }
    }

    /// Redraws every 200 ms until the run ends, so elapsed times move.
    func startTicking() -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                guard let self, !self.state.withLock({ $0.finished }) else { return }
                self.draw()
            }
        }
    }

    /// Removes the view from the terminal.
    func clear() {
        let lines = state.withLock { state in
            let lines = state.drawnLines
            state.drawnLines = 0
            return lines
        }
        guard lines > 0 else { return }
        stream.write(String(repeating: "\u{1B}[1A\u{1B}[2K", count: lines) + "\r")
    }

    private func draw() {
        let width = stream.width
        let text = state.withLock { state -> String in
            state.lastDraw = Date()
            guard !state.finished else { return "" }
            var lines: [String] = []
            let elapsed = Int64(Date().timeIntervalSince(state.runStart) * 1000)
            lines.append("pipehost run \(state.pipelineName) — \(RunDisplay.duration(milliseconds: elapsed))")
            var counts: [ActivityRunStatus: Int] = [:]
            for record in state.records.values { counts[record.status, default: 0] += 1 }
            let summary = ActivityRunStatus.allCases.compactMap { status -> String? in
                guard let count = counts[status], count > 0 else { return nil }
                return "\(RunDisplay.symbol(status)) \(count) \(RunDisplay.word(status))"
            }
            lines.append("  " + (summary.isEmpty ? "starting…" : summary.joined(separator: "  ")))
            let running = state.order.compactMap { state.records[$0] }.filter { !$0.status.isFinal }
            let done = state.order.reversed().compactMap { state.records[$0] }.filter(\.status.isFinal)
            for record in (running + done).prefix(maximumRows) {
                var line = "  \(RunDisplay.symbol(record.status)) \(RunDisplay.line(record))"
                if record.status == .inProgress, let start = record.activityRunStart {
                    line += " \(RunDisplay.duration(milliseconds: Int64(Date().timeIntervalSince(start) * 1000)))"
                }
                lines.append(String(line.prefix(max(20, width - 1))))
            }
            var output = String(repeating: "\u{1B}[1A\u{1B}[2K", count: state.drawnLines) + "\r"
            output += lines.map { "\u{1B}[2K" + $0 + "\n" }.joined()
            state.drawnLines = lines.count
            return output
        }
        if !text.isEmpty { stream.write(text) }
    }
}
