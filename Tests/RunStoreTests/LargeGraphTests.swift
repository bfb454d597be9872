import HostCore
import PipehostJSON
import PipelineModel
import RunPictures
import RunStore
import TestSizeTags
import Testing

/// Walks over a pipeline's dependencies (what a rerun repeats, the graph picture's columns) are
/// iterative and linear: a chain of 100,000 activities in either order neither overflows the
/// stack nor takes quadratic time.
@Suite("Large graphs in reruns and pictures", .tags(.small))
struct LargeGraphTests {
    static func chain(reversed: Bool) throws -> Pipeline {
        var activities: [JSONValue] = (0..<100_000).map { index in
            StoreTestBed.activity("A\(index)", dependsOn: index == 0 ? [] : ["A\(index - 1)"])
        }
        if reversed { activities.reverse() }
        return try StoreTestBed.factory(activities).1
    }

    @Test("--from-activity on the first of 100,000 chained activities reruns all of them", arguments: [false, true])
    func rerunFromFirst(reversed: Bool) throws {
        let pipeline = try Self.chain(reversed: reversed)
        let original = RunSnapshot(
            pipelineRun: PipelineRunRecord(
                runId: "old", runGroupId: "old", pipelineName: "main", parameters: [:],
                invokedBy: .init(id: "x", name: "Manual", invokedByType: "Manual"), status: .failed),
            definition: RunDefinition(parameters: [:]), activityRuns: [], finishedActivityRunIds: [], variables: [:])
        let plan = try RerunPlan.snapshot(rerunning: original, pipeline: pipeline, mode: .fromActivity("A0"), newRunId: "new")
        #expect(plan.reused.isEmpty)
        #expect(plan.snapshot.pipelineRun.runId == "new")
    }

    @Test("the graph picture of 100,000 chained activities is drawn, in either order", arguments: [false, true])
    func picture(reversed: Bool) throws {
        let svg = DependencyGraphPicture(pipeline: try Self.chain(reversed: reversed)).svg()
        #expect(svg.contains(">A99999<"))
    }
}
