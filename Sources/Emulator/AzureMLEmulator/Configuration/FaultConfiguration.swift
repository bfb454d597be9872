/// Misbehaviour to inject, so that clients can be tested against a service that is slow, throttles,
/// fails, drops connections, or runs jobs that fail.
///
/// Every field is optional. At the top of the configuration it applies to every web service; inside a
/// web service its fields override the top-level ones for that service only. Decisions are drawn from a
/// seeded generator, so a run with the same seed and the same requests injects the same faults.
public struct FaultConfiguration: Sendable, Hashable, Codable {
    /// Delay added before every Azure ML API answer (Batch Execution and Update Resource).
    public var latency: EmulatorDuration?
    /// Fraction (0…1) of Azure ML API requests answered with `failStatus` instead of being served.
    public var failRate: Double?
    /// The status of injected failures: 429, 500 or 503 (default 503).
    public var failStatus: Int?
    /// Fraction (0…1) of Azure ML API requests whose connection is closed without an answer.
    public var dropRate: Double?
    /// Fraction (0…1) of started jobs that end `Failed` instead of running.
    public var failingJobRate: Double?

    /// Creates a fault set; `nil` fields inherit.
    public init(
        latency: EmulatorDuration? = nil,
        failRate: Double? = nil,
        failStatus: Int? = nil,
        dropRate: Double? = nil,
        failingJobRate: Double? = nil
    ) {
        self.latency = latency
        self.failRate = failRate
        self.failStatus = failStatus
        self.dropRate = dropRate
        self.failingJobRate = failingJobRate
    }

    /// No faults.
    public static let none = FaultConfiguration()

    /// These faults with every field that `override` sets replaced by the override's value.
    public func overridden(by override: FaultConfiguration?) -> FaultConfiguration {
        guard let override else { return self }
        return FaultConfiguration(
            latency: override.latency ?? latency,
            failRate: override.failRate ?? failRate,
            failStatus: override.failStatus ?? failStatus,
            dropRate: override.dropRate ?? dropRate,
            failingJobRate: override.failingJobRate ?? failingJobRate
        )
    }

    /// The statuses `failStatus` may take.
    public static let injectableStatuses = [429, 500, 503]
}
