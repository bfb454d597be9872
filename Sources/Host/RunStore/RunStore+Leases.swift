import Foundation
import GRDB

/// How long a run's lease lasts: its owner renews it every `heartbeatInterval`; a lease not
/// renewed for `expiry` belongs to a process that is stuck or gone (on another host, nothing else
/// can tell), and another process may take the run over.
public enum RunLeaseTiming {
    public static let heartbeatInterval: TimeInterval = 5
    public static let expiry: TimeInterval = 30
}

/// The lease a process holds on a top-level run while it runs it, as the store records it.
public struct RunLease: Sendable, Equatable {
    public var runId: String
    public var owner: RunOwner
    public var acquiredAt: Date
    public var heartbeatAt: Date

    /// Whether another process must leave the run alone at `now`: the lease was renewed within
    /// `expiry` and its owner, if it ran on this host, still exists.
    public func isLive(at now: Date, expiry: TimeInterval = RunLeaseTiming.expiry) -> Bool {
        now.timeIntervalSince(heartbeatAt) <= expiry && !owner.hasEnded
    }
}

extension RunStore {
    /// Takes the run for `owner` before resuming or rerunning it: refused while another process
    /// holds a live lease on it; a lease that expired, or whose owner on this host has ended, is
    /// taken over.
    ///
    /// - Throws: `RunStoreError.runOwned` naming the owner.
    public func claimRun(_ runId: String, as owner: RunOwner = .current, at now: Date = Date()) throws(RunStoreError) {
        let held: RunLease? = try write { db in
            if let lease = try Self.lease(of: runId, in: db), lease.owner != owner, lease.isLive(at: now) {
                return lease
            }
            try Self.writeLease(runId: runId, owner: owner, at: now, in: db)
            return nil
        }
        if let held { throw .runOwned(runId: runId, owner: held.owner, heartbeatAge: now.timeIntervalSince(held.heartbeatAt)) }
    }

    /// Refuses a run that another process is running now (a rerun starts from its records, which
    /// must not be moving).
    ///
    /// - Throws: `RunStoreError.runOwned` naming the owner.
    public func requireNotRunning(_ runId: String, at now: Date = Date()) throws(RunStoreError) {
        if let lease = try lease(of: runId), lease.owner != .current, lease.isLive(at: now) {
            throw .runOwned(runId: runId, owner: lease.owner, heartbeatAge: now.timeIntervalSince(lease.heartbeatAt))
        }
    }

    /// The lease recorded for a run, if any.
    public func lease(of runId: String) throws(RunStoreError) -> RunLease? {
        try read { db in try Self.lease(of: runId, in: db) }
    }

    static func lease(of runId: String, in db: Database) throws -> RunLease? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT host, pid, process_start, acquired_at, heartbeat_at FROM run_leases WHERE run_id = ?",
            arguments: [runId])
        else { return nil }
        return RunLease(
            runId: runId, owner: RunOwner(host: row["host"], pid: row["pid"], processStart: row["process_start"]),
            acquiredAt: Date(timeIntervalSince1970: row["acquired_at"]),
            heartbeatAt: Date(timeIntervalSince1970: row["heartbeat_at"]))
    }

    /// Records `owner` as the run's holder (taking it over from whoever held it).
    static func writeLease(runId: String, owner: RunOwner, at now: Date, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO run_leases (run_id, host, pid, process_start, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(run_id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                    process_start = excluded.process_start, acquired_at = excluded.acquired_at,
                    heartbeat_at = excluded.heartbeat_at
                """
            ).execute(arguments: [
                runId, owner.host, owner.pid, owner.processStart, now.timeIntervalSince1970, now.timeIntervalSince1970,
            ])
    }

    /// Renews the leases `owner` holds on `runIds`; returns the runs whose lease another process
    /// has taken over meanwhile.
    static func renewLeases(_ runIds: [String], owner: RunOwner, at now: Date, in db: Database) throws -> [String] {
        var lost: [String] = []
        for runId in runIds {
            try db.cachedStatement(
                sql: "UPDATE run_leases SET heartbeat_at = ? WHERE run_id = ? AND host = ? AND pid = ? AND process_start = ?"
                ).execute(arguments: [now.timeIntervalSince1970, runId, owner.host, owner.pid, owner.processStart])
            if db.changesCount == 0 { lost.append(runId) }
        }
        return lost
    }

    /// Ends `owner`'s lease on a run that finished.
    static func releaseLease(_ runId: String, owner: RunOwner, in db: Database) throws {
        try db.cachedStatement(
            sql: "DELETE FROM run_leases WHERE run_id = ? AND host = ? AND pid = ? AND process_start = ?"
            ).execute(arguments: [runId, owner.host, owner.pid, owner.processStart])
    }
}
