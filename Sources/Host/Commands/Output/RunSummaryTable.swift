import HostCore

/// The table printed when a text-mode run ends: every activity run of the run (and its child
/// runs), then the outcome.
enum RunSummaryTable {
    static let maximumRows = 60

    static func render(journal: RunJournal, runId: String, width: Int) -> String {
        var text = ""
        let runs = journal.pipelineRuns
        let ordered = runs.filter { $0.runId == runId } + runs.filter { $0.runId != runId }
        for run in ordered {
            let activities = journal.activityRuns(of: run.runId)
            if run.runId != runId { text += "\nChild pipeline '\(run.pipelineName)' (run \(run.runId)), started by ExecutePipeline:\n" }
            text += table(activities, width: width)
            if run.runId != runId { text += RunDisplay.conclusion(run) + "\n" }
        }
        if let top = journal.pipelineRun(runId) { text += "\n" + RunDisplay.conclusion(top) + "\n" }
        return text
    }

    private static func table(_ records: [ActivityRunRecord], width: Int) -> String {
        guard !records.isEmpty else { return "(no activity runs)\n" }
        let shown = records.prefix(maximumRows)
        let rows: [[String]] = shown.map { record in
            [
                RunDisplay.name(record) + (record.retryAttempt.map { " (retry \($0))" } ?? ""),
                record.activityType, record.status.rawValue,
                record.durationInMs.map { RunDisplay.duration(milliseconds: $0) } ?? "",
                record.error.map { $0.errorCode.isEmpty ? $0.message : "\($0.errorCode): \($0.message)" } ?? "",
            ]
        }
        let header = ["ACTIVITY", "TYPE", "STATUS", "DURATION", "ERROR"]
        var text = TextTable.lines(header: header, rows: rows).map { line in
            String(line.prefix(max(40, width))).trimmingTrailingSpaces + "\n"
        }.joined()
        if records.count > shown.count {
            text += "… and \(records.count - shown.count) more activity runs (--output json lists them all)\n"
        }
        var counts: [ActivityRunStatus: Int] = [:]
        for record in records { counts[record.status, default: 0] += 1 }
        text += ActivityRunStatus.allCases.compactMap { status in
            counts[status].map { "\($0) \(RunDisplay.word(status))" }
        }.joined(separator: ", ") + "\n"
        return text
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
