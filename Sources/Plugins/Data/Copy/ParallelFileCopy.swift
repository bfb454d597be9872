import PluginKit

/// Copies many source files into their sink files up to `parallelCopies` at a time.
///
/// The source files are grouped by sink path (several only when `FlattenHierarchy` gives two files
/// one name): a group is copied in order into one sink file, and different groups run
/// concurrently. Each group's copy opens its sink, writes it and hands it back uncommitted with
/// what it counted; nothing is committed until every group succeeded, so the copy stays all or
/// nothing. The first failure stops the others (their tasks are cancelled) and every sink, finished
/// or not, is aborted. Cancelling the activity cancels every group's task.
struct ParallelFileCopy {
    /// A sink file and the source files that go into it, in the selection's order.
    struct Group: Sendable {
        var target: String
        var entries: [FileSelection.Entry]
        /// The 1-based place of each entry in the selection, for the log.
        var numbers: [Int]
    }

    /// What one group's copy leaves: its sink, still to be committed, and its counts.
    struct Finished<Sink: Sendable>: Sendable {
        var sink: Sink
        var metrics: CopyMetrics
    }

    /// The copies ADF's default would leave a file copy: pipehost's rule is one per sink file up to four.
    static let defaultParallelCopies = 4

    let groups: [Group]
    /// How many groups run at once: `parallelCopies`, never more than there are groups.
    let parallelCopies: Int

    init(selection: FileSelection, plan: SinkPlan, parallelCopies: Int?) {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for (offset, entry) in selection.entries.enumerated() {
            let target = plan.path(for: entry)
            if let existing = index[target] {
                groups[existing].entries.append(entry)
                groups[existing].numbers.append(offset + 1)
            } else {
                index[target] = groups.count
                groups.append(Group(target: target, entries: [entry], numbers: [offset + 1]))
            }
        }
        self.init(groups: groups, parallelCopies: parallelCopies)
    }

    /// `parallelCopies` nil takes ``defaultParallelCopies``; either way no more than there are groups.
    init(groups: [Group], parallelCopies: Int?) {
        self.groups = groups
        self.parallelCopies = max(1, min(parallelCopies ?? Self.defaultParallelCopies, groups.count))
    }

    /// Runs `copy` for every group, `parallelCopies` at a time, and then `commit` for each
    /// finished group in the selection's order; on any failure, `abort` for every sink that was
    /// handed back. `copy` must abort its own sink when it fails. The counts of all groups are
    /// added into `metrics`.
    func run<Sink: Sendable>(
        metrics: inout CopyMetrics,
        copy: @escaping @Sendable (Group) async throws(ActivityFailure) -> Finished<Sink>,
        commit: (Sink, inout CopyMetrics) async throws(ActivityFailure) -> Void,
        abort: (Sink) async -> Void
    ) async throws(ActivityFailure) {
        var finished: [Int: Finished<Sink>] = [:]
        var failure: ActivityFailure?
        await withTaskGroup(of: (Int, Result<Finished<Sink>, ActivityFailure>).self) { tasks in
            var next = 0
            func startNext() {
                guard next < groups.count else { return }
                let number = next
                let group = groups[number]
                next += 1
                tasks.addTask {
                    do throws(ActivityFailure) {
                        try Cancellation.check()
                        return (number, .success(try await copy(group)))
                    } catch {
                        return (number, .failure(error))
                    }
                }
            }
            for _ in 0..<parallelCopies { startNext() }
            while let (number, result) = await tasks.next() {
                switch result {
                case .success(let done):
                    finished[number] = done
                    if failure == nil { startNext() }
                case .failure(let error):
                    // The first real failure wins over the cancellations it causes in the others.
                    if failure == nil || failure?.errorCode == ActivityErrorCode.activityCancelled {
                        failure = error
                    }
                    tasks.cancelAll()
                }
            }
        }
        if failure == nil, finished.count < groups.count { failure = .cancelled }
        do throws(ActivityFailure) {
            if let failure { throw failure }
            for number in groups.indices {
                guard let done = finished.removeValue(forKey: number) else { continue }
                metrics.add(done.metrics)
                try await commit(done.sink, &metrics)
            }
        } catch {
            for done in finished.values { await abort(done.sink) }
            throw error
        }
    }
}
