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
        "Only runs started at or after this: an age (30m, 12h, 7d) or a UTC time (2026-01-31T12:00:00Z).", valueName: "when"))
    var since: String?

    @Option(name: .customLong("until"), help: ArgumentHelp("Only runs started before this (as --since).", valueName: "when"))
    var until: String?

    @Option(name: .customLong("limit"), help: "At most this many runs.")
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
        var query = RunQuery(pipelineName: pipeline, includeChildRuns: includeChildren, limit: max(1, limit))
        if let status {
            guard let parsed = PipelineRunStatus.allCases.first(where: { $0.rawValue.lowercased() == status.lowercased() }) else {
                throw CommandFailure(
                    "--status '\(status)' is not one of \(PipelineRunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = parsed
        }
        let now = Date()
        if let since { query.startedAfter = try TimeArgument.instant(since, option: "--since", now: now) }
        if let until { query.startedBefore = try TimeArgument.instant(until, option: "--until", now: now) }
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

/// `30d`, `12h`, `45m`, `90s` as a duration, or an ISO 8601 UTC time.
enum TimeArgument {
    static func duration(_ text: String, option: String) throws(CommandFailure) -> TimeInterval {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count >= 0 else {
            throw CommandFailure("\(option) '\(text)' is not a duration; give a number and a unit, such as 30d, 12h, 45m or 90s")
        }
        return count * unit
    }

    static func instant(_ text: String, option: String, now: Date) throws(CommandFailure) -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        if let age = try? duration(text, option: option) { return now.addingTimeInterval(-age) }
        throw CommandFailure("\(option) '\(text)' is neither an age (30m, 12h, 7d) nor a UTC time such as 2026-01-31T12:00:00Z")
    }
}
