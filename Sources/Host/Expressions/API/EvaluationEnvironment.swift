import Foundation

/// Where the non-deterministic functions (`utcNow`, `getFutureTime`, `getPastTime`, `guid`, `rand`)
/// get their values, so that tests and users' pipeline tests can pin them.
public struct EvaluationEnvironment: Sendable {
    /// The current instant, for `utcNow()` and friends and for timestamps written without a date.
    public var now: @Sendable () -> Date
    /// A new GUID in the lowercase "D" format (`c2ecc88d-88c8-4096-912c-d6f2e2b138ce`), for `guid()`.
    public var newGUID: @Sendable () -> String
    /// A random integer in `min..<maxExclusive`, for `rand(min, maxExclusive)`.
    public var random: @Sendable (Int64, Int64) -> Int64

    public init(
        now: @escaping @Sendable () -> Date,
        newGUID: @escaping @Sendable () -> String,
        random: @escaping @Sendable (Int64, Int64) -> Int64
    ) {
        self.now = now
        self.newGUID = newGUID
        self.random = random
    }

    /// The real clock, random GUIDs and the system random number generator.
    public static let live = EvaluationEnvironment(
        now: { Date() },
        newGUID: { UUID().uuidString.lowercased() },
        random: { lower, upper in lower < upper ? Int64.random(in: lower..<upper) : lower }
    )

    /// A fixed clock, a fixed GUID and a random source that always returns the lower bound.
    public static func pinned(
        now: Date,
        guid: String = "00000000-0000-0000-0000-000000000000",
        random: @escaping @Sendable (Int64, Int64) -> Int64 = { lower, _ in lower }
    ) -> EvaluationEnvironment {
        EvaluationEnvironment(now: { now }, newGUID: { guid }, random: random)
    }
}
