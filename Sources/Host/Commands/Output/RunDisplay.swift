import Foundation
import HostCore

/// Words and numbers shared by the line reporter, the live view and the summary table.
enum RunDisplay {
    /// `1.234s`, `12.3s`, `2m05s`.
    static func duration(milliseconds: Int64) -> String {
        if milliseconds < 10_000 { return String(format: "%.3fs", Double(milliseconds) / 1000) }
        if milliseconds < 60_000 { return String(format: "%.1fs", Double(milliseconds) / 1000) }
        let seconds = milliseconds / 1000
        return "\(seconds / 60)m" + String(format: "%02ds", seconds % 60)
    }

    /// `Outer[2]/Process`, or the name at the top level.
    static func name(_ record: ActivityRunRecord) -> String {
        record.scope.isEmpty ? record.activityName : "\(record.scope)/\(record.activityName)"
    }

    static func symbol(_ status: ActivityRunStatus) -> String {
        switch status {
        case .queued: "◌"
        case .inProgress: "●"
        case .succeeded: "✔"
        case .failed: "✘"
        case .skipped: "↷"
        case .cancelled: "⊘"
        case .inactive: "○"
        }
    }

    /// The status as a word in counts: `running`, `succeeded`, …
    static func word(_ status: ActivityRunStatus) -> String {
        status == .inProgress ? "running" : status.rawValue.lowercased()
    }

    /// One line for an activity run's state.
    static func line(_ record: ActivityRunRecord) -> String {
        var text = "\(name(record)) (\(record.activityType)) \(record.status.rawValue)"
        if let attempt = record.retryAttempt { text += " (retry \(attempt))" }
        if let duration = record.durationInMs, record.status.isFinal, record.status != .inactive {
            text += " in \(self.duration(milliseconds: duration))"
        }
        if let error = record.error, record.status == .failed || record.status == .cancelled {
            text += ": \(error.errorCode.isEmpty ? "" : error.errorCode + ": ")\(error.message)"
        }
        return text
    }

    /// The last line of a run.
    static func conclusion(_ record: PipelineRunRecord) -> String {
        var text = "Pipeline '\(record.pipelineName)' \(record.status.rawValue)"
        if let duration = record.durationInMs { text += " in \(self.duration(milliseconds: duration))" }
        text += " (run \(record.runId))"
        if !record.message.isEmpty { text += ": \(record.message)" }
        return text
    }
}
