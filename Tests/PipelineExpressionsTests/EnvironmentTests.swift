import Foundation
import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("Deterministic environment", .tags(.small))
struct EnvironmentTests {
    /// 2018-04-15T13:00:00Z, the instant the documentation's utcNow examples assume.
    private let april15 = Date(timeIntervalSince1970: 1_523_797_200)

    private func evaluate(_ text: String, _ environment: EvaluationEnvironment) throws -> JSONValue {
        try CompiledExpression.compile(text).evaluate(in: EvaluationScope(environment: environment))
    }

    @Test("utcNow and friends read the pinned clock (the documented examples)")
    func pinnedClock() throws {
        let environment = EvaluationEnvironment.pinned(now: april15)
        #expect(try evaluate("@utcNow()", environment) == "2018-04-15T13:00:00.0000000Z")
        #expect(try evaluate("@utcNow('D')", environment) == "Sunday, April 15, 2018")
        let march1 = EvaluationEnvironment.pinned(now: Date(timeIntervalSince1970: 1_519_862_400))
        #expect(try evaluate("@getFutureTime(5, 'Day')", march1) == "2018-03-06T00:00:00.0000000Z")
        #expect(try evaluate("@getFutureTime(5, 'Day', 'D')", march1) == "Tuesday, March 6, 2018")
        let february1 = EvaluationEnvironment.pinned(now: Date(timeIntervalSince1970: 1_517_443_200))
        #expect(try evaluate("@getPastTime(5, 'Day')", february1) == "2018-01-27T00:00:00.0000000Z")
        #expect(try evaluate("@getPastTime(5, 'Day', 'D')", february1) == "Saturday, January 27, 2018")
        #expect(try evaluate("@formatDateTime('13:30', 'yyyy-MM-dd HH:mm')", environment) == "2018-04-15 13:30")
        #expect(try evaluate("@formatDateTime('3/7', 'yyyy-MM-dd')", environment) == "2018-03-07")
    }

    @Test("guid() formats the pinned GUID in every documented format")
    func pinnedGUID() throws {
        let environment = EvaluationEnvironment.pinned(now: april15, guid: "c2ecc88d-88c8-4096-912c-d6f2e2b138ce")
        #expect(try evaluate("@guid()", environment) == "c2ecc88d-88c8-4096-912c-d6f2e2b138ce")
        #expect(try evaluate("@guid('N')", environment) == "c2ecc88d88c84096912cd6f2e2b138ce")
        #expect(try evaluate("@guid('B')", environment) == "{c2ecc88d-88c8-4096-912c-d6f2e2b138ce}")
        #expect(try evaluate("@guid('P')", environment) == "(c2ecc88d-88c8-4096-912c-d6f2e2b138ce)")
        #expect(
            try evaluate("@guid('X')", environment)
                == "{0xc2ecc88d,0x88c8,0x4096,{0x91,0x2c,0xd6,0xf2,0xe2,0xb1,0x38,0xce}}")
    }

    @Test("rand() takes its numbers from the environment")
    func pinnedRandom() throws {
        let environment = EvaluationEnvironment.pinned(now: april15, random: { lower, upper in upper - 1 })
        #expect(try evaluate("@rand(1, 5)", environment) == 4)
        #expect(try evaluate("@rand(-10, -3)", environment) == -4)
        let broken = EvaluationEnvironment.pinned(now: april15, random: { _, upper in upper })
        #expect(throws: ExpressionError.self) { try evaluate("@rand(1, 5)", broken) }
    }

    @Test("a state document pins the environment too")
    func stateEnvironment() throws {
        let state: JSONValue = [
            "environment": [
                "now": "2018-04-15T13:00:00Z", "guid": "00000000-0000-0000-0000-000000000001", "randomSeed": 7,
            ]
        ]
        let scope = try EvaluationScope(state: state)
        #expect(try CompiledExpression.compile("@utcNow()").evaluate(in: scope) == "2018-04-15T13:00:00.0000000Z")
        #expect(try CompiledExpression.compile("@guid()").evaluate(in: scope) == "00000000-0000-0000-0000-000000000001")
        let first = try CompiledExpression.compile("@rand(0, 1000000)").evaluate(in: try EvaluationScope(state: state))
        let again = try CompiledExpression.compile("@rand(0, 1000000)").evaluate(in: try EvaluationScope(state: state))
        #expect(first == again)
    }

    @Test("non-deterministic calls are never computed at compile time")
    func notFolded() throws {
        let compiled = try CompiledExpression.compile("@utcNow()")
        let early = EvaluationScope(environment: .pinned(now: april15))
        let late = EvaluationScope(environment: .pinned(now: april15.addingTimeInterval(86_400)))
        #expect(try compiled.evaluate(in: early) != compiled.evaluate(in: late))
    }
}
