import ArgumentParser
import HostCore
import PipehostJSON
import RunStore

/// `pipehost runs output RUN_ID ACTIVITY`: the output of an activity's last attempt, as JSON.
struct RunsOutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output", abstract: "Print the output of an activity of a recorded run as JSON.",
        discussion: "ACTIVITY is the activity's name, or scope/name for nested runs (ForEach1[2]/Copy) as runs show prints it.")

    @Argument(help: "The run id (or a unique prefix of it).")
    var runId: String

    @Argument(help: "The activity name, or scope/name.")
    var activity: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            try execute()
        } catch {
            throw error.exit()
        }
    }

    private func execute() throws(CommandFailure) {
        let store = try self.store.open()
        let records: [ActivityRunRecord]
        let id: String
        do {
            id = try store.resolveRunId(runId)
            records = try store.activityRuns(of: id)
        } catch {
            throw CommandFailure(error.description)
        }
        let matching = records.filter { RunDisplay.name($0) == activity || $0.activityName == activity }
        guard let last = matching.last else {
            let names = Set(records.map(RunDisplay.name)).sorted()
            throw CommandFailure(
                "the run \(id) has no activity '\(activity)'; it has \(names.prefix(20).map { "'\($0)'" }.joined(separator: ", "))")
        }
        let scopes = Set(matching.map(\.scope))
        guard scopes.count == 1 else {
            throw CommandFailure(
                "'\(activity)' ran in \(scopes.count) places; name one: \(matching.map(RunDisplay.name).prefix(5).joined(separator: ", "))")
        }
        StandardStreams.output.write(JSONSerializer.serialize(last.output, options: .pretty) + "\n")
    }
}
