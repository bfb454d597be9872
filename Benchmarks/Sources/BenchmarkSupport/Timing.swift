/// Timing for the benchmarks: repeated samples, reported as medians.
public struct Timing: Sendable {
    /// Nanoseconds per operation, one value per sample, sorted.
    public let samples: [Double]

    public var median: Double {
        let count = samples.count
        guard count > 0 else { return .nan }
        return count % 2 == 1 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2
    }

    public var minimum: Double { samples.first ?? .nan }
    public var maximum: Double { samples.last ?? .nan }

    public init(samples: [Double]) {
        self.samples = samples.sorted()
    }

    /// Runs `body` `iterations` times per sample, after one warm-up sample, and records the time
    /// per iteration of each sample.
    public static func perOperation(samples: Int = 21, iterations: Int, _ body: () -> Void) -> Timing {
        let clock = ContinuousClock()
        var results: [Double] = []
        for sample in 0...samples {
            let start = clock.now
            for _ in 0..<iterations { body() }
            let elapsed = clock.now - start
            if sample > 0 { results.append(nanoseconds(elapsed) / Double(iterations)) }
        }
        return Timing(samples: results)
    }

    /// The async twin of ``perOperation(samples:iterations:_:)``.
    public static func perOperation(
        samples: Int = 21, iterations: Int, _ body: () async -> Void
    ) async -> Timing {
        let clock = ContinuousClock()
        var results: [Double] = []
        for sample in 0...samples {
            let start = clock.now
            for _ in 0..<iterations { await body() }
            let elapsed = clock.now - start
            if sample > 0 { results.append(nanoseconds(elapsed) / Double(iterations)) }
        }
        return Timing(samples: results)
    }

    public static func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}

/// Prints one result line: name, median and range in a readable unit.
public func report(_ name: String, _ measurement: Timing, note: String = "") {
    let line = "\(name.padding(to: 64)) median \(format(measurement.median).padding(to: 10, left: true))"
        + "  (min \(format(measurement.minimum)), max \(format(measurement.maximum)), \(measurement.samples.count) samples)"
    print(note.isEmpty ? line : "\(line)  \(note)")
}

/// Nanoseconds as ns, µs or ms with three significant digits.
public func format(_ nanoseconds: Double) -> String {
    if nanoseconds < 1_000 { return "\(rounded(nanoseconds)) ns" }
    if nanoseconds < 1_000_000 { return "\(rounded(nanoseconds / 1_000)) µs" }
    return "\(rounded(nanoseconds / 1_000_000)) ms"
}

private func rounded(_ value: Double) -> String {
    let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let whole = (value * scale).rounded() / scale
    var text = "\(whole)"
    if digits == 0, text.hasSuffix(".0") { text.removeLast(2) }
    return text
}

extension String {
    func padding(to width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - count))
        return left ? fill + self : self + fill
    }
}

/// The value of `--name value` in the process arguments.
public func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
