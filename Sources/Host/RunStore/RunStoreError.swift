import Foundation

/// Why the run store could not do what was asked.
public enum RunStoreError: Error, CustomStringConvertible, Sendable {
    /// The database file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A read or write failed.
    case database(path: String, reason: String)
    /// No pipeline run has this id (or id prefix).
    case unknownRun(id: String, path: String)
    /// An id prefix matches several runs.
    case ambiguousRun(prefix: String, matches: [String])
    /// A stored value could not be read back (the file was edited or damaged).
    case corruptRecord(runId: String, column: String, reason: String)
    /// Another live process holds the run's lease: it is running the run now.
    case runOwned(runId: String, owner: RunOwner, heartbeatAge: TimeInterval)
    /// There is no run store at the path (nothing was recorded there yet).
    case noStore(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the run store '\(path)': \(reason) (choose another file with --store PATH or PIPEHOST_STORE)"
        case .database(let path, let reason):
            "the run store '\(path)' failed: \(reason)"
        case .unknownRun(let id, let path):
            "no pipeline run '\(id)' in the run store '\(path)' (pipehost runs list shows the runs it holds)"
        case .ambiguousRun(let prefix, let matches):
            "the run id prefix '\(prefix)' matches \(matches.count) runs (\(matches.prefix(3).joined(separator: ", "))…); give more of the id"
        case .corruptRecord(let runId, let column, let reason):
            "the stored run '\(runId)' has an unreadable \(column): \(reason)"
        case .runOwned(let runId, let owner, let age):
            "the run \(runId) is being run by pipehost \(owner) (its last heartbeat was \(Int(max(0, age.rounded()))) s ago); "
                + "running it again now would run its activities twice. Wait for it to end or stop that process "
                + "(kill \(owner.pid)); a run whose owner stops renewing its lease for \(Int(RunLeaseTiming.expiry)) s can be taken over"
        case .noStore(let path):
            "there is no run store at '\(path)': no run has been recorded there yet (pipehost run records one; "
                + "--store PATH or PIPEHOST_STORE names another)"
        }
    }
}
