import NIOCore
import Synchronization

/// Decides, request by request, whether to inject a configured fault, from a seeded generator so that
/// the same seed and the same request sequence inject the same faults.
final class FaultInjector: Sendable {
    private let generator: Mutex<SplitMix64>

    init(seed: UInt64) {
        generator = Mutex(SplitMix64(state: seed))
    }

    /// True with probability `rate` (never for `nil` or 0, always for 1).
    func happens(at rate: Double?) -> Bool {
        guard let rate, rate > 0 else { return false }
        guard rate < 1 else { return true }
        return generator.withLock { $0.nextUnit() } < rate
    }

    /// Applies a service's request faults: waits the latency, then maybe drops the connection or throws an
    /// injected error.
    func applyRequestFaults(
        _ faults: FaultConfiguration, endpoint: String, channel: any Channel
    ) async throws {
        if let latency = faults.latency, latency.duration > .zero {
            try await Task.sleep(for: latency.duration)
        }
        if happens(at: faults.dropRate) {
            channel.close(mode: .all, promise: nil)
            throw InjectedConnectionDrop()
        }
        if happens(at: faults.failRate) {
            throw AzureMLServiceError.injected(status: faults.failStatus ?? 503, endpoint: endpoint)
        }
    }

    /// The `Details` of a job chosen to fail, or `nil` when the job should run.
    func injectedJobFailure(_ faults: FaultConfiguration) -> String? {
        guard happens(at: faults.failingJobRate) else { return nil }
        return JobFailure("Injected failure: the emulator's failingJobRate chose this job to fail.").description
    }
}

/// Thrown after closing a connection on purpose; nothing is answered.
struct InjectedConnectionDrop: Error {}

/// Sebastiano Vigna's SplitMix64: tiny, fast, and good enough to pick faults.
struct SplitMix64: Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}
