import ArgumentParser
import HostCore
import RunPictures
import RunStore

/// `pipehost runs gantt RUN_ID -o run.html|run.svg`.
struct RunsGanttCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gantt",
        abstract: "Draw a recorded run as a Gantt chart: one bar per activity run and attempt (SVG or HTML).",
        discussion: "Bars are coloured by status; nested runs are grouped under their ForEach, Until, If or Switch; hover a bar for details. The file needs no network to view.")

    @Argument(help: "The run id (or a unique prefix of it).")
    var runId: String

    @Option(name: .short, help: ArgumentHelp("The file to write: .svg or .html.", valueName: "file"))
    var output: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let format = try PictureFile.format(of: output)
            let store = try self.store.open()
            let chart: GanttChart
            do {
                let id = try store.resolveRunId(runId)
                chart = GanttChart(run: try store.pipelineRun(id), activityRuns: try store.activityRuns(of: id))
            } catch {
                throw CommandFailure(error.description)
            }
            try PictureFile.write(format == .svg ? chart.svg() : chart.html(), to: output)
            StandardStreams.output.write("Wrote \(output) (\(chart.activityRuns.count) activity runs)\n")
        } catch {
            throw error.exit()
        }
    }
}
