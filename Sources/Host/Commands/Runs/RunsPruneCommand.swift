import ArgumentParser
import Foundation
import RunStore

/// `pipehost runs prune --older-than 30d`.
struct RunsPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete finished runs that started longer ago than a duration.")

    @Option(name: .customLong("older-than"), help: ArgumentHelp("An age such as 30d, 12h or 45m (at most 36525d).", valueName: "age"),
        transform: TimeArgument.ageOnly)
    var olderThan: TimeArgument

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let store = try self.store.open()
            let count: Int
            do {
                count = try store.prune(startedBefore: olderThan.date(now: Date()))
            } catch {
                throw CommandFailure(error.description)
            }
            StandardStreams.output.write("Deleted \(count) pipeline run\(count == 1 ? "" : "s") from \(store.path)\n")
        } catch {
            throw error.exit()
        }
    }
}
