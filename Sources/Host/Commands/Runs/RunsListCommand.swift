import ArgumentParser
import Foundation
import HostCore
import PipehostJSON
import RunStore

/// `pipehost runs list [--status S] [--pipeline NAME] [--since WHEN] [--until WHEN] [--limit N]`.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List recorded pipeline runs, newest first.")

    @Option(name: .customLong("status"), help: "Only runs with this status: Succeeded, Failed, Cancelled, InProgress, Queued.")
    var status: String?

    @Option(name: .customLong("pipeline"), help: "Only runs of this pipeline.")
    var pipeline: String?

    @Option(name: .customLong("since"), help: ArgumentHelp(
        "Only runs started at or after this: an age (30m, 12h, 7d) or a UTC time (2026-01-31T12:00:00Z).", valueName: "when"),
        transform: TimeArgument.ageOrInstant)
    var since: TimeArgument?

    @Option(name: .customLong("until"), help: ArgumentHelp("Only runs started before this (as --since).", valueName: "when"),
        transform: TimeArgument.ageOrInstant)
    var until: TimeArgument?

    @Option(name: .customLong("limit"), help: "At most this many runs (1 to 1000000).",
        transform: NumericArgument.integer(in: 1...1_000_000, unit: "runs"))
    var limit: Int = 50

    @Flag(name: .customLong("all"), help: "Include child runs started by ExecutePipeline.")
    var includeChildren = false

    @Option(name: .customLong("output"), help: "text (a table) or json (ADF-shaped pipeline run records).")
    var output: RunCommand.OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            try execute()
        } catch {
            throw error.exit()
        }
    }

    private func execute() throws(CommandFailure) {
        var query = RunQuery(pipelineName: pipeline, includeChildRuns: includeChildren, limit: limit)
        if let status {
            guard let parsed = PipelineRunStatus.allCases.first(where: { $0.rawValue.lowercased() == status.lowercased() }) else {
                throw CommandFailure(
                    "--status '\(status)' is not one of \(PipelineRunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = parsed
        }
        let now = Date()
        query.startedAfter = since?.date(now: now)
        query.startedBefore = until?.date(now: now)
        let runs: [PipelineRunRecord]
        guard let store = try self.store.openIfPresent() else {
            switch output {
            case .json: StandardStreams.output.write("[]\n")
            case .text: StandardStreams.output.write("(no runs: nothing has been recorded in \(self.store.resolvedPath) yet)\n")
            }
            return
        }
        do {
            runs = try store.runs(matching: query)
        } catch {
            throw CommandFailure(error.description)
        }
        switch output {
        case .json:
            StandardStreams.output.write(JSONSerializer.serialize(.array(runs.map(\.json)), options: .pretty) + "\n")
        case .text:
            StandardStreams.output.write(TextTable.render(
                header: ["RUN ID", "PIPELINE", "STATUS", "STARTED (UTC)", "DURATION", "MESSAGE"],
                rows: runs.map { run in
                    [
                        run.runId, run.pipelineName, run.status.rawValue,
                        run.runStart.map { String(RunTimestamp.format($0).prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? "",
                        run.durationInMs.map { RunDisplay.duration(milliseconds: $0) } ?? "", run.message,
                    ]
                }, width: StandardStreams.output.width))
            if runs.isEmpty { StandardStreams.output.write("(no runs in \(store.path))\n") }
        }
    }
}
