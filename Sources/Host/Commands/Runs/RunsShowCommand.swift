import ArgumentParser
import HostCore
import PipehostJSON
import RunStore

/// `pipehost runs show RUN_ID [--output json]`.
struct RunsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a recorded run: its activity runs with durations and errors.")

    @Argument(help: "The run id (or a unique prefix of it).")
    var runId: String

    @Option(name: .customLong("output"), help: "text (a table) or json (the ADF-shaped records).")
    var output: RunCommand.OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            try await execute()
        } catch {
            throw error.exit()
        }
    }

    private func execute() async throws(CommandFailure) {
        let store = try self.store.open()
        do {
            let id = try store.resolveRunId(runId)
            switch output {
            case .json:
                StandardStreams.output.write(JSONSerializer.serialize(StoredRunDocument.json(store: store, runId: id), options: .pretty) + "\n")
            case .text:
                let run = try store.pipelineRun(id)
                var header = "Pipeline '\(run.pipelineName)', run \(run.runId) (group \(run.runGroupId))\n"
                if let rerunOf = try store.launch(of: id).rerunOf { header += "Rerun of \(rerunOf)\n" }
                StandardStreams.output.write(header)
                let journal = try await StoredRunDocument.journal(store: store, runId: id)
                StandardStreams.output.write(RunSummaryTable.render(journal: journal, runId: id, width: StandardStreams.output.width))
            }
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
