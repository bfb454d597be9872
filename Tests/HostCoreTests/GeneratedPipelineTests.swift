import GeneratedPipelines
import HostCore
import PipehostJSON
import PipelineModel
import Synchronization
import TestSizeTags
import Testing

/// Property test of the host's input handling: generated pipelines with hostile numbers and
/// durations in every numeric slot, literal or evaluated, go through decoding, validation and a
/// run. Whatever the values, nothing traps (a trap would end this test process), a pipeline the
/// validator accepts runs to an end, and one it refuses is refused with a problem naming a place.
@Suite("Generated pipelines with hostile numbers", .tags(.small))
struct GeneratedPipelineTests {
    static let seed: UInt64 = 0x5EED_1234
    static let cases = 2000

    @Test("generated pipelines are refused with located problems or run to an end, never trap")
    func generated() async throws {
        var generator = PipelineGenerator(seed: Self.seed, budget: .anyWait, executionType: "Flaky")
        let registry = try BuiltInActivities.adding(to: ActivityRegistry([FlakyExecutor()]))
        let knownTypes = Set(registry.typeNames)
        var refused = 0
        var ran = 0
        var failedActivities = 0
        for index in 0..<Self.cases {
            let json = generator.pipeline(named: "p\(index)")
            let (decoded, decodeProblems) = Pipeline.decode(json, at: SourceLocation(file: "p\(index).json"))
            var factory = Factory(name: "generated")
            if let decoded { factory.add(decoded) }
            let problems = decodeProblems + FactoryValidator.validate(factory, options: ValidationOptions(knownActivityTypes: knownTypes))
            if decoded == nil || problems.containsErrors {
                refused += 1
                #expect(problems.contains { $0.severity == .error && $0.location.jsonPath.hasPrefix("$") }, "case \(index): \(problems)")
                continue
            }
            let journal = RunJournal()
            let runner = PipelineRunner(
                factory: factory, registry: registry,
                options: RunOptions(sleeper: NoWaitSleeper()), observer: journal)
            let record = try await runner.run(pipelineNamed: "p\(index)")
            ran += 1
            #expect(record.status == .succeeded || record.status == .failed, "case \(index): \(JSONSerializer.serialize(json))")
            let runs = journal.activityRuns(of: record.runId)
            #expect(runs.allSatisfy { $0.status != .inProgress && $0.status != .queued }, "case \(index)")
            failedActivities += runs.filter { $0.error?.errorCode == "2105" }.count
        }
        // The generator reached every outcome: refused at validation, run, and failed at run time
        // by a value an expression produced.
        #expect(refused > Self.cases / 10 && ran > Self.cases / 10, "refused \(refused), ran \(ran)")
        #expect(failedActivities > 0)
    }
}

/// Fails every first attempt and succeeds on the next, so that retry policies with any interval
/// are exercised.
private struct FlakyExecutor: ActivityExecutor {
    let descriptor = ActivityTypeDescriptor(typeName: "Flaky", origin: .builtIn, isThreadSafe: true, isLongRunning: false)

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        invocation.run.attempt == 1
            ? .failed(ActivityError(errorCode: "Flaky", message: "the first attempt fails"))
            : .succeeded(output: .object([:]))
    }
}

/// Returns at once: retry intervals and Waits of any length cost nothing.
private struct NoWaitSleeper: RunSleeper {
    func sleep(for duration: Duration) async throws { try Task.checkCancellation() }
}
