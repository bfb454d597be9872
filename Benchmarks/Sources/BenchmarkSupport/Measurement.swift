#if canImport(Glibc)
import Glibc
#endif

/// Runs a measurement several times and reports the median, as the benchmarks in BENCHMARKS.md do.
public enum Measurement {
    /// The median of `runs` timings of `body`, each over `iterations` operations, in nanoseconds
    /// of this thread's CPU time per operation (the machine is shared, so CPU time keeps other
    /// processes' time slices out of the figure). `body` performs `iterations` operations on the
    /// calling thread.
    public static func nanosecondsPerOperation(runs: Int = 15, iterations: Int, _ body: (Int) -> Void) -> Double {
        body(max(iterations / 10, 1))  // warm caches and lazy initialisation
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = threadCPUNanoseconds()
            body(iterations)
            samples.append((threadCPUNanoseconds() - start) / Double(iterations))
        }
        return median(samples)
    }

    /// CPU time of the calling thread, in nanoseconds.
    public static func threadCPUNanoseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e9 + Double(now.tv_nsec)
    }

    /// The median of async timings, in seconds per run.
    public static func medianSeconds(runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            try await body()
            samples.append(nanoseconds(start.duration(to: clock.now)) / 1e9)
        }
        return median(samples)
    }

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    public static func nanoseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
    }

    /// `value` with `digits` decimals.
    public static func format(_ value: Double, digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}
