import PipelineModel
import PipelineScheduler
import TestSizeTags
import Testing

@Suite("Inactive activities", .tags(.small))
struct InactiveActivityTests {
    typealias Spec = SchedulerHarness.Spec

    @Test("an inactive activity is never executed and is seen downstream as its mark", arguments: DependencyOutcome.allCases)
    func inactiveMark(mark: DependencyOutcome) throws {
        let harness = try SchedulerHarness([
            Spec("Off", inactive: mark),
            Spec("OnSuccess", [("Off", [.succeeded])]),
            Spec("OnFailure", [("Off", [.failed])]),
            Spec("OnCompletion", [("Off", [.completed])]),
            Spec("OnSkip", [("Off", [.skipped])]),
        ])
        let run = harness.run()
        #expect(run.steps.first == "inactive Off as \(mark.rawValue)")
        #expect(!run.steps.contains("execute Off"))
        #expect(run.statuses["Off"] == .inactive(markedAs: mark))
        func ran(_ name: String) -> Bool { run.statuses[name] == .succeeded }
        #expect(ran("OnSuccess") == (mark == .succeeded))
        #expect(ran("OnFailure") == (mark == .failed))
        #expect(ran("OnCompletion") == (mark != .skipped))
        #expect(ran("OnSkip") == (mark == .skipped))
    }

    @Test("an inactive activity whose own dependencies are not met is skipped")
    func inactiveButUnmet() throws {
        let harness = try SchedulerHarness([Spec("A"), Spec("Off", [("A", [.succeeded])], inactive: .succeeded)])
        let run = harness.run(["A": .failed])
        #expect(run.statuses["Off"] == .skipped)
    }

    @Test("an inactive leaf counts by its mark in the pipeline status", arguments: DependencyOutcome.allCases)
    func inactiveLeaf(mark: DependencyOutcome) throws {
        let run = try SchedulerHarness([Spec("A"), Spec("Off", [("A", [.succeeded])], inactive: mark)]).run()
        // Marked Skipped, the leaf is replaced by its parent A, which succeeded.
        #expect(run.outcome == (mark == .failed ? .failed(failedNodes: [1]) : .succeeded))
    }
}

/// The worked rules for a failing activity A, from Microsoft's answer in MicrosoftDocs/azure-docs#45546
/// and the error-handling tutorial's summary table.
@Suite("Pipeline status by the leaf rule", .tags(.small))
struct LeafRuleTests {
    typealias Spec = SchedulerHarness.Spec

    @Test("nothing after the failing activity: fails")
    func noBranch() throws {
        let run = try SchedulerHarness([Spec("A")]).run(["A": .failed])
        #expect(run.outcome == .failed(failedNodes: [0]))
    }

    @Test("only a success branch: fails")
    func successBranchOnly() throws {
        let run = try SchedulerHarness([Spec("A"), Spec("S", [("A", [.succeeded])])]).run(["A": .failed])
        #expect(run.failedNames == ["A"])
    }

    @Test("only a failure branch that succeeds: succeeds (Try-Catch)")
    func failureBranchOnly() throws {
        let harness = try SchedulerHarness([Spec("A"), Spec("Catch", [("A", [.failed])])])
        #expect(harness.run(["A": .failed]).outcome == .succeeded)
        #expect(harness.run().outcome == .succeeded)
        #expect(harness.run(["A": .failed, "Catch": .failed]).failedNames == ["Catch"])
    }

    @Test("success and failure branches: fails (Do-If-Else)")
    func bothBranches() throws {
        let harness = try SchedulerHarness([
            Spec("A"), Spec("S", [("A", [.succeeded])]), Spec("F", [("A", [.failed])]),
        ])
        #expect(harness.run(["A": .failed]).failedNames == ["A"])
        #expect(harness.run().outcome == .succeeded)
    }

    @Test("a completion branch that succeeds: succeeds")
    func completionBranch() throws {
        let run = try SchedulerHarness([Spec("A"), Spec("C", [("A", [.completed])])]).run(["A": .failed])
        #expect(run.outcome == .succeeded)
    }

    @Test("completion and success branches: fails")
    func completionAndSuccessBranches() throws {
        let run = try SchedulerHarness([
            Spec("A"), Spec("C", [("A", [.completed])]), Spec("S", [("A", [.succeeded])]),
        ]).run(["A": .failed])
        #expect(run.failedNames == ["A"])
    }

    @Test("Do-If-Skip-Else: success and failure paths plus a dummy Upon Skip succeed either way")
    func doIfSkipElse() throws {
        let harness = try SchedulerHarness([
            Spec("A"), Spec("UponSuccess", [("A", [.succeeded])]), Spec("UponFailure", [("A", [.failed])]),
            Spec("DummyUponSkip", [("UponSuccess", [.skipped])]),
        ])
        let failing = harness.run(["A": .failed])
        #expect(failing.outcome == .succeeded)
        #expect(failing.statuses["DummyUponSkip"] == .succeeded)
        let succeeding = harness.run()
        #expect(succeeding.outcome == .succeeded)
        #expect(succeeding.statuses["DummyUponSkip"] == .skipped)
    }

    @Test("generic error handling: Failed+Skipped on one edge runs the handler after any failure")
    func genericErrorHandling() throws {
        let harness = try SchedulerHarness([
            Spec("Copy1"), Spec("Copy2", [("Copy1", [.succeeded])]), Spec("Copy3", [("Copy2", [.succeeded])]),
            Spec("Handler", [("Copy3", [.failed, .skipped])]),
        ])
        let allGood = harness.run()
        #expect(allGood.statuses["Handler"] == .skipped)
        #expect(allGood.outcome == .succeeded)
        for failing in ["Copy1", "Copy2", "Copy3"] {
            let run = harness.run([failing: .failed])
            #expect(run.statuses["Handler"] == .succeeded, "when \(failing) fails")
            #expect(run.outcome == .succeeded)
        }
    }

    @Test("Try-Catch-Proceed: the next activity runs whether or not the first one failed")
    func tryCatchProceed() throws {
        let harness = try SchedulerHarness([
            Spec("First"), Spec("ErrorHandling", [("First", [.failed])]),
            Spec("Next", [("ErrorHandling", [.failed, .skipped])]),
        ])
        #expect(harness.run().statuses["Next"] == .succeeded)
        let failing = harness.run(["First": .failed])
        #expect(failing.statuses["Next"] == .skipped)  // the handler succeeded: neither Failed nor Skipped
        #expect(failing.outcome == .succeeded)
    }

    @Test("a skipped leaf with several parents evaluates all of them")
    func skippedLeafWithSeveralParents() throws {
        let run = try SchedulerHarness([
            Spec("A"), Spec("B"), Spec("Join", [("A", [.succeeded]), ("B", [.succeeded])]),
        ]).run(["B": .failed])
        #expect(run.statuses["Join"] == .skipped)
        #expect(run.failedNames == ["B"])
    }

    @Test("an empty container succeeds")
    func emptyContainer() throws {
        #expect(try SchedulerHarness([]).run().outcome == .succeeded)
    }
}

@Suite("Resuming a container", .tags(.small))
struct SchedulerResumeTests {
    typealias Spec = SchedulerHarness.Spec

    @Test("finished activities keep their status; cancelled and unfinished ones run again")
    func restore() throws {
        let harness = try SchedulerHarness([
            Spec("A"), Spec("B", [("A", [.succeeded])]), Spec("C", [("A", [.failed])]), Spec("D", [("B", [.completed])]),
        ])
        let scheduler = RunScheduler(graph: harness.graph, restoring: [0: .succeeded, 1: .cancelled])
        let run = harness.run(scheduler: scheduler)
        #expect(run.steps == ["execute B", "skip C", "execute D"])
        #expect(run.statuses == ["A": .succeeded, "B": .succeeded, "C": .skipped, "D": .succeeded])
    }
}
