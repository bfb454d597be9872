import HostCore
import PipehostJSON
import PipelineModel

/// What a driven run prints (``RunDriver``): its progress while it runs, its result at the end,
/// and which exit status that result means.
enum RunPresentation {
    /// Progress as it happens — a live view when `live` and standard output is a terminal, else one
    /// line per state change — then the summary table and the emulator's report
    /// (`pipehost run`, `runs resume` and `runs rerun` with `--output text`).
    case summary(live: Bool)
    /// Nothing while it runs, then the run records as JSON made by `document` from the run id and
    /// the journal; the emulator's report goes to standard error (`--output json`).
    case records(document: (String, RunJournal) -> JSONValue)
    /// Nothing while it runs, then the one activity's output JSON, or its error (`activity run`).
    case activityResult(activityName: String)

    /// Whether the run draws the live view.
    var showsLiveView: Bool {
        if case .summary(live: true) = self { return StandardStreams.output.isTerminal }
        return false
    }

    /// Whether the run prints progress at all.
    var showsProgress: Bool {
        if case .summary = self { return true }
        return false
    }

    /// Prints the result of `record` and returns the exit status.
    func render(_ record: PipelineRunRecord, journal: RunJournal, emulator: EmulatorProcess?) throws(CommandFailure) -> Int32 {
        switch self {
        case .summary:
            StandardStreams.output.write(
                RunSummaryTable.render(journal: journal, runId: record.runId, width: StandardStreams.output.width))
            if let emulator { StandardStreams.output.write("\n" + emulator.report()) }
            return RunExitCode.of(record.status)
        case .records(let document):
            StandardStreams.output.write(JSONSerializer.serialize(document(record.runId, journal), options: .pretty) + "\n")
            if let emulator { StandardStreams.error.write(emulator.report()) }
            return RunExitCode.of(record.status)
        case .activityResult(let name):
            guard let activityRun = journal.activityRuns(of: record.runId).last(where: { $0.activityName == name }) else {
                throw CommandFailure("the activity did not run: \(record.message.isEmpty ? "the run ended \(record.status.rawValue)" : record.message)")
            }
            switch activityRun.status {
            case .succeeded:
                StandardStreams.output.write(JSONSerializer.serialize(activityRun.output, options: .pretty) + "\n")
                return RunExitCode.succeeded
            case .cancelled:
                StandardStreams.error.write("Activity '\(name)' was cancelled.\n")
                return RunExitCode.cancelled
            default:
                let error = activityRun.json["error"] ?? .null
                StandardStreams.output.write(JSONSerializer.serialize(["error": error], options: .pretty) + "\n")
                StandardStreams.error.write("Activity '\(name)' \(activityRun.status.rawValue): \(activityRun.error?.message ?? "")\n")
                return RunExitCode.failed
            }
        }
    }
}
