import ArgumentParser
import Foundation
import RunStore

/// `pipehost runs prune --older-than 30d`.
struct RunsPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete finished runs that started longer ago than a duration.")

    @Option(name: .customLong("older-than"), help: ArgumentHelp("An age such as 30d, 12h or 45m.", valueName: "age"))
    var olderThan: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let age = try TimeArgument.duration(olderThan, option: "--older-than")
            let store = try self.store.open()
            let count: Int
            do {
                count = try store.prune(startedBefore: Date().addingTimeInterval(-age))
            } catch {
                throw CommandFailure(error.description)
            }
            StandardStreams.output.write("Deleted \(count) pipeline run\(count == 1 ? "" : "s") from \(store.path)\n")
        } catch {
            throw error.exit()
        }
    }
}
