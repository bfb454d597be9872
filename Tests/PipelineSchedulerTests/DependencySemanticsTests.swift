import PipelineModel
import PipelineScheduler
import TestSizeTags
import Testing

@Suite("Dependency conditions", .tags(.small))
struct DependencySemanticsTests {
    typealias Spec = SchedulerHarness.Spec

    @Test("activities without dependencies are all ready at once")
    func independentActivities() throws {
        let harness = try SchedulerHarness([Spec("A"), Spec("B"), Spec("C")])
        var scheduler = RunScheduler(graph: harness.graph)
        #expect(scheduler.nextReady() == [.execute(0), .execute(1), .execute(2)])
        #expect(scheduler.nextReady().isEmpty)
        #expect(scheduler.running == 3)
        #expect(!scheduler.isFinished)
    }

    @Test("X → Y → Z on Succeeded: when X fails, Y and Z are skipped")
    func skipsPropagate() throws {
        let harness = try SchedulerHarness([
            Spec("X"), Spec("Y", [("X", [.succeeded])]), Spec("Z", [("Y", [.succeeded])]),
        ])
        let run = harness.run(["X": .failed])
        #expect(run.steps == ["execute X", "skip Y", "skip Z"])
        #expect(run.statuses == ["X": .failed, "Y": .skipped, "Z": .skipped])
        #expect(run.outcome == .failed(failedNodes: [0]))
        #expect(run.isFinished)
    }

    /// Every subset of conditions in one entry against every upstream outcome: the entry is met iff
    /// any of its conditions is (OR), with Completed meaning Succeeded or Failed.
    @Test("conditions inside one entry combine with OR", arguments: DependencyOutcome.allCases)
    func conditionsCombineWithOr(upstream: DependencyOutcome) throws {
        let all = DependencyCondition.allCases
        for mask in 1..<(1 << all.count) {
            let conditions = all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] }
            let harness = try SchedulerHarness([Spec("A"), Spec("B", [("A", conditions)])])
            let result: NodeStatus = switch upstream {
            case .succeeded: .succeeded
            case .failed: .failed
            case .skipped: .inactive(markedAs: .skipped)
            }
            let specs = upstream == .skipped
                ? [Spec("A", inactive: .skipped), Spec("B", [("A", conditions)])]
                : [Spec("A"), Spec("B", [("A", conditions)])]
            let run = try SchedulerHarness(specs).run(["A": result])
            _ = harness
            let expectedToRun = conditions.contains { condition in
                switch condition {
                case .succeeded: upstream == .succeeded
                case .failed: upstream == .failed
                case .skipped: upstream == .skipped
                case .completed: upstream != .skipped
                }
            }
            #expect(
                run.statuses["B"] == (expectedToRun ? .succeeded : .skipped),
                "conditions \(conditions.map(\.rawValue)) on upstream \(upstream.rawValue)")
        }
    }

    @Test("entries on different activities combine with AND")
    func entriesCombineWithAnd() throws {
        let specs = [
            Spec("A"), Spec("B"),
            Spec("C", [("A", [.succeeded]), ("B", [.succeeded])]),
        ]
        let harness = try SchedulerHarness(specs)
        #expect(harness.run().statuses["C"] == .succeeded)
        #expect(harness.run(["B": .failed]).statuses["C"] == .skipped)
        #expect(harness.run(["A": .failed, "B": .failed]).statuses["C"] == .skipped)
    }

    @Test("an activity waits for every upstream activity before it is evaluated")
    func waitsForAllUpstream() throws {
        let harness = try SchedulerHarness([
            Spec("A"), Spec("B"), Spec("C", [("A", [.failed]), ("B", [.succeeded])]),
        ])
        var scheduler = RunScheduler(graph: harness.graph)
        #expect(scheduler.nextReady() == [.execute(0), .execute(1)])
        scheduler.complete(1, as: .succeeded)
        #expect(scheduler.nextReady().isEmpty)
        #expect(scheduler.status(of: 2) == nil)
        scheduler.complete(0, as: .succeeded)
        #expect(scheduler.nextReady() == [.skip(2)])
        #expect(scheduler.isFinished)
    }

    @Test("Completed fires on success and failure, never on skip")
    func completed() throws {
        let specs = [Spec("A"), Spec("B", [("A", [.succeeded])]), Spec("C", [("B", [.completed])])]
        let harness = try SchedulerHarness(specs)
        #expect(harness.run().statuses["C"] == .succeeded)
        #expect(harness.run(["B": .failed]).statuses["C"] == .succeeded)
        #expect(harness.run(["A": .failed]).statuses["C"] == .skipped)
    }

    @Test("Skipped fires only when the upstream activity was skipped")
    func skippedCondition() throws {
        let specs = [Spec("A"), Spec("B", [("A", [.succeeded])]), Spec("C", [("B", [.skipped])])]
        let harness = try SchedulerHarness(specs)
        #expect(harness.run(["A": .failed]).statuses["C"] == .succeeded)
        #expect(harness.run().statuses["C"] == .skipped)
        #expect(harness.run(["B": .failed]).statuses["C"] == .skipped)
    }

    @Test("two entries on the same upstream must both be met")
    func duplicateEntries() throws {
        let specs = [Spec("A"), Spec("B", [("A", [.succeeded]), ("A", [.completed])])]
        let harness = try SchedulerHarness(specs)
        #expect(harness.run().statuses["B"] == .succeeded)
        #expect(harness.run(["A": .failed]).statuses["B"] == .skipped)
    }

    @Test("a chain of 100,000 skips resolves without recursion")
    func longSkipChain() throws {
        var specs = [Spec("n0")]
        for index in 1..<100_000 { specs.append(Spec("n\(index)", [("n\(index - 1)", [.succeeded])])) }
        let run = try SchedulerHarness(specs).run(["n0": .failed])
        #expect(run.statuses.count == 100_000)
        #expect(run.statuses["n99999"] == .skipped)
        #expect(run.steps.count == 100_000)
    }

    @Test("a cancelled activity's dependents never run and the container is cancelled")
    func cancellation() throws {
        let harness = try SchedulerHarness([Spec("A"), Spec("B", [("A", [.completed])]), Spec("C")])
        var scheduler = RunScheduler(graph: harness.graph)
        #expect(scheduler.nextReady() == [.execute(0), .execute(2)])
        scheduler.complete(0, as: .cancelled)
        scheduler.cancelUnstarted()
        #expect(scheduler.nextReady().isEmpty)
        #expect(!scheduler.isFinished)
        scheduler.complete(2, as: .succeeded)
        #expect(scheduler.isFinished)
        #expect(scheduler.status(of: 1) == .cancelled)
        #expect(scheduler.outcome() == .cancelled)
    }

    @Test("graphs with unknown upstream activities or cycles are refused")
    func graphErrors() throws {
        let activity = { (name: String, upstream: String) in
            Activity(
                name: name, type: "Wait",
                dependsOn: [ActivityDependency(activity: upstream, conditions: [.succeeded], location: SourceLocation(file: "t"))],
                location: SourceLocation(file: "t"))
        }
        #expect(throws: DependencyGraph.GraphError.unknownUpstream(activity: "A", upstream: "Nope")) {
            try DependencyGraph(activities: [activity("A", "Nope")])
        }
        #expect(throws: DependencyGraph.GraphError.cycle(["A", "B"])) {
            try DependencyGraph(activities: [activity("A", "B"), activity("B", "A")])
        }
    }
}
