import HostCore
import PipehostJSON

/// `--output json`: the pipeline run (with the final values of its variables), every activity
/// run, and the same for each child pipeline run started by ExecutePipeline.
enum RunRecordsDocument {
    static func json(journal: RunJournal, runId: String) -> JSONValue {
        var document = runJSON(journal: journal, runId: runId)
        let children = journal.pipelineRuns.filter { $0.runId != runId }
        if case .object(var object) = document, !children.isEmpty {
            object["childPipelineRuns"] = .array(children.map { runJSON(journal: journal, runId: $0.runId) })
            document = .object(object)
        }
        return document
    }

    private static func runJSON(journal: RunJournal, runId: String) -> JSONValue {
        [
            "pipelineRun": journal.pipelineRun(runId)?.json ?? .null,
            "activityRuns": .array(journal.activityRuns(of: runId).map(\.json)),
        ]
    }
}
