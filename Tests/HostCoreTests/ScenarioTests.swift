import HostCore
import PipehostJSON
import TestSizeTags
import Testing

/// Every case of every folder under Tests/Fixtures/Pipelines, run through the real runner with
/// scripted plugin activities, against the outcome ADF documents.
@Suite("Pipeline scenarios", .tags(.small))
struct ScenarioTests {
    static let cases: [ScenarioCase] = Scenario.all.compactMap { try? Scenario($0) }.flatMap(\.cases)

    @Test("every scenario folder has a readable scenario.json with cases")
    func scenariosLoad() throws {
        #expect(!Scenario.all.isEmpty)
        for name in Scenario.all {
            let scenario = try Scenario(name)
            #expect(!scenario.cases.isEmpty, "\(name) has no cases")
        }
    }

    @Test("scenario", arguments: cases)
    func scenario(_ scenarioCase: ScenarioCase) async throws {
        // Cases that need an expression function the linked evaluator does not have yet are
        // reported as known issues, not skipped silently.
        guard scenarioCase.requirementsMet else {
            withKnownIssue("needs \(scenarioCase.scenario.json["requires"] ?? []) in the expression evaluator") {
                Issue.record("requirement missing")
            }
            return
        }
        let outcome = try await scenarioCase.run()
        ScenarioExpectations.check(outcome, against: scenarioCase.expect)
    }
}
