import Foundation
import GRDB
import HostCore
import PipehostJSON

/// The durable run history: an SQLite database (WAL mode) holding every pipeline run, every
/// activity run and attempt, variables, finished loop iterations and the saved state of
/// long-running operations, so that a run can be shown, resumed after the host died, and rerun.
///
/// Open it once per process; `recorder(launch:)` gives the observer that writes a run as it
/// progresses. Several processes may use the same file at once (SQLite locks; writers wait).
public final class RunStore: Sendable {
    /// The default location, relative to the working directory.
    public static let defaultPath = ".pipehost/runs.sqlite"

    public let path: String
    let pool: DatabasePool

    /// Opens the store at `path` and brings its schema up to date. With `creating` (for commands
    /// that record runs) a missing store and its folder are created; without it (for commands that
    /// only read or tidy the history) a missing store is `RunStoreError.noStore` and nothing is
    /// created.
    public init(path: String, creating: Bool = true) throws(RunStoreError) {
        self.path = path
        if !creating, !FileManager.default.fileExists(atPath: path) { throw .noStore(path: path) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            // Another process may be writing: wait for its lock instead of failing at once.
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL + NORMAL survives the death of the process (only an OS crash can lose the
                // last transactions), without an fsync per commit.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try Self.openPool(path: path, configuration: configuration)
            try Self.migrate(pool)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Opens the pool. Opening a new store switches it to WAL, which needs the file to itself for
    /// a moment; a second process opening the same new store at that instant gets SQLITE_BUSY at
    /// once (SQLite does not call the busy handler there), so that one case is retried for up to
    /// five seconds.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 1
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 100
            {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    /// Brings the schema up to date. Two processes opening a new store at once both see it empty
    /// and both start the first migration; the loser's statement fails once the winner commits
    /// ("table already exists"), and a second pass finds the migration applied.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = RunStoreSchema.migrator()
        for attempt in 1... {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                let completed = (try? pool.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                if completed { return }
                if attempt >= 5 { throw error }
                usleep(50_000)
            }
        }
    }

    /// The migrations applied to the file, oldest first.
    public func appliedMigrations() throws(RunStoreError) -> [String] {
        try read { db in try RunStoreSchema.migrator().appliedIdentifiers(db).sorted() }
    }

    func read<T>(_ body: (Database) throws -> T) throws(RunStoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(RunStoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }
}
