import Foundation

/// The `StatusCode` values of a batch job, in the order of their documented integer forms (0…4).
enum BatchJobState: String, Sendable, Equatable, CaseIterable {
    case notStarted = "NotStarted"
    case running = "Running"
    case failed = "Failed"
    case cancelled = "Cancelled"
    case finished = "Finished"

    /// `Failed`, `Cancelled` and `Finished` end a job.
    var isTerminal: Bool { self == .failed || self == .cancelled || self == .finished }
}

/// One batch job and its lifecycle, as a pure state machine:
/// `NotStarted` →start→ `Running` →finish→ `Finished` | `Failed`; `DELETE` cancels a job that has not
/// ended and removes one that has (Microsoft's "CancelJob"; reference/adf.md §3.5).
struct BatchJob: Sendable {
    let id: String
    /// The endpoint (by service id) the job was submitted to; other endpoints don't see it.
    let serviceId: String
    let plan: JobPlan
    let createdAt: Date
    private(set) var state: BatchJobState = .notStarted
    private(set) var startedAt: Date?
    private(set) var endedAt: Date?
    /// Output name → where the output was written; set when the job finishes.
    private(set) var results: [String: BlobLocation]?
    /// Why the job failed or was cancelled.
    private(set) var details: String?

    init(id: String, serviceId: String, plan: JobPlan, createdAt: Date) {
        self.id = id
        self.serviceId = serviceId
        self.plan = plan
        self.createdAt = createdAt
    }

    /// `POST …/jobs/{id}/start`: only a job that has not started may start.
    mutating func start(at time: Date) throws(AzureMLServiceError) {
        guard state == .notStarted else { throw .cannotStartJob(state: state) }
        state = .running
        startedAt = time
    }

    /// What `DELETE …/jobs/{id}` did.
    enum Deletion: Equatable {
        /// The job had not ended; it is now `Cancelled` and still answers GET.
        case cancelled
        /// The job had ended; it must be forgotten, so that GET answers 404.
        case remove
    }

    /// `DELETE …/jobs/{id}`.
    mutating func delete(at time: Date) -> Deletion {
        guard !state.isTerminal else { return .remove }
        state = .cancelled
        endedAt = time
        details = "The job was cancelled by a DELETE request."
        return .cancelled
    }

    /// The job's work succeeded. Ignored unless the job is still running (a cancelled job stays cancelled).
    mutating func finish(results: [String: BlobLocation], at time: Date) {
        guard state == .running else { return }
        state = .finished
        self.results = results
        endedAt = time
    }

    /// The job's work failed. Ignored unless the job is still running.
    mutating func fail(details: String, at time: Date) {
        guard state == .running else { return }
        state = .failed
        self.details = details
        endedAt = time
    }
}
