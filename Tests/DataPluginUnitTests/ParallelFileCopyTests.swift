import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// ``ParallelFileCopy``: how many groups run at once, and all-or-nothing commits.
@Suite(.tags(.small), .timeLimit(.minutes(1)))
struct ParallelFileCopyTests {
    static func groups(_ count: Int) -> [ParallelFileCopy.Group] {
        (0..<count).map { index in
            let item = FileItem(path: "in/\(index).csv", isFolder: false, size: 1, lastModified: nil, contentMD5: nil)
            return ParallelFileCopy.Group(
                target: "out/\(index).csv", entries: [.init(item: item, relativePath: "\(index).csv")],
                numbers: [index + 1])
        }
    }

    /// What the fake copies saw: how many ran at once, at most, and what was committed or aborted.
    struct Seen {
        var running = 0
        var mostRunning = 0
        var committed: [String] = []
        var aborted: [String] = []
    }

    @Test func parallelCopiesDefaultsToFourAndNeverExceedsTheGroups() {
        #expect(ParallelFileCopy(groups: Self.groups(10), parallelCopies: nil).parallelCopies == 4)
        #expect(ParallelFileCopy(groups: Self.groups(2), parallelCopies: nil).parallelCopies == 2)
        #expect(ParallelFileCopy(groups: Self.groups(3), parallelCopies: 16).parallelCopies == 3)
        #expect(ParallelFileCopy(groups: Self.groups(30), parallelCopies: 16).parallelCopies == 16)
        #expect(ParallelFileCopy(groups: [], parallelCopies: 8).parallelCopies == 1)
    }

    @Test func groupsRunAtMostParallelCopiesAtOnceAndCommitInOrderAfterAllFinished() async throws {
        let seen = LockedState(Seen())
        let parallel = ParallelFileCopy(groups: Self.groups(12), parallelCopies: 3)
        var metrics = CopyMetrics()
        try await parallel.run(
            metrics: &metrics,
            copy: { group throws(ActivityFailure) in
                seen.withLock {
                    $0.running += 1
                    $0.mostRunning = max($0.mostRunning, $0.running)
                }
                try? await Task.sleep(for: .milliseconds(20))
                seen.withLock { $0.running -= 1 }
                var counted = CopyMetrics()
                counted.filesRead = group.entries.count
                counted.dataRead = 10
                return .init(sink: group.target, metrics: counted)
            },
            commit: { target, metrics throws(ActivityFailure) in
                #expect(seen.value.running == 0)
                seen.withLock { $0.committed.append(target) }
                metrics.filesWritten += 1
            },
            abort: { target in seen.withLock { $0.aborted.append(target) } })
        #expect(seen.value.mostRunning == 3)
        #expect(seen.value.committed == (0..<12).map { "out/\($0).csv" })
        #expect(seen.value.aborted.isEmpty)
        #expect(metrics.filesRead == 12)
        #expect(metrics.filesWritten == 12)
        #expect(metrics.dataRead == 120)
    }

    @Test func oneFailureStopsTheOthersAbortsEverySinkAndCommitsNone() async throws {
        let seen = LockedState(Seen())
        let parallel = ParallelFileCopy(groups: Self.groups(20), parallelCopies: 4)
        var metrics = CopyMetrics()
        let broken = ActivityFailure.userError("file 5 is broken", code: "BrokenFile")
        await #expect(throws: broken) {
            try await parallel.run(
                metrics: &metrics,
                copy: { group throws(ActivityFailure) in
                    if group.target == "out/5.csv" { throw broken }
                    // The others wait long enough to be cancelled by the failure.
                    for _ in 0..<50 {
                        do { try await Task.sleep(for: .milliseconds(10)) } catch { break }
                        try Cancellation.check()
                    }
                    try Cancellation.check()
                    return .init(sink: group.target, metrics: CopyMetrics())
                },
                commit: { target, _ throws(ActivityFailure) in seen.withLock { $0.committed.append(target) } },
                abort: { target in seen.withLock { $0.aborted.append(target) } })
        }
        #expect(seen.value.committed.isEmpty)
        // Four run at once: 5 starts when two of 0–3 have finished and handed back their sinks.
        // Its failure cancels the others (a cancelled copy hands nothing back) and starts no more,
        // and every sink that was handed back is aborted.
        let aborted = Set(seen.value.aborted)
        #expect(aborted.count >= 2)
        #expect(aborted.isSubset(of: ["out/0.csv", "out/1.csv", "out/2.csv", "out/3.csv"]))
    }
}
