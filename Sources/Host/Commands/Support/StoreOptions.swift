import ArgumentParser
import Foundation
import HostCore
import RunStore

/// `--store PATH` / `--no-store`: where runs are recorded (default: $PIPEHOST_STORE, then
/// `.pipehost/runs.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "The run store, an SQLite file (default: $PIPEHOST_STORE, then .pipehost/runs.sqlite).", valueName: "path"))
    var path: String?

    /// The path the options choose.
    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["PIPEHOST_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? RunStore.defaultPath
    }

    /// Opens an existing store for the `runs` commands, which never create one; a store that is
    /// missing or cannot be opened is a usage error naming the file.
    func open() throws(CommandFailure) -> RunStore {
        do {
            return try RunStore(path: resolvedPath, creating: false)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The existing store, or `nil` when there is none at the path yet.
    func openIfPresent() throws(CommandFailure) -> RunStore? {
        do {
            return try RunStore(path: resolvedPath, creating: false)
        } catch .noStore {
            return nil
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Opens the store a run is recorded in, creating it (and its folder) when missing.
    func openCreating() throws(CommandFailure) -> RunStore {
        do {
            return try RunStore(path: resolvedPath, creating: true)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// `pipehost run`'s store options: as `StoreOptions`, plus `--no-store`.
struct RunStoreOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Flag(name: .customLong("no-store"), help: "Do not record the run in the run store.")
    var disabled = false

    /// The store to record into, or `nil` with `--no-store`.
    func open() throws(CommandFailure) -> RunStore? {
        disabled ? nil : try store.openCreating()
    }
}

/// Prints the id of a top-level run as soon as it starts, so that a user can resume it.
struct RunIdAnnouncer: RunObserver {
    let storePath: String

    nonisolated(nonsending) func record(_ event: RunEvent) async {
        guard case .runStarted(let run, let definition) = event, definition.parentRunId == nil else { return }
        StandardStreams.error.write("Run \(run.runId) recorded in \(storePath) (pipehost runs resume \(run.runId) continues it if pipehost stops)\n")
    }
}
