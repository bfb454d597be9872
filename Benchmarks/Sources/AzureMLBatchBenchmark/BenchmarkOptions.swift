import Foundation

/// The benchmark's command line:
///
/// ```
/// azureml-batch-benchmark --bin .build/release [--repository .] [--variant foreach|independent|both]
///     [--activities 500] [--batch 50] [--job-seconds 2] [--poll-ms 250] [--runs 3]
/// ```
struct BenchmarkOptions {
    /// The release build folder with `pipehost`, `azureml-emulator` and `libAzureMLPlugin.so`.
    var binaries = ".build/release"
    /// The repository root (for `examples/retrain-and-score`).
    var repository = "."
    var variants: [Variant] = [.forEach, .independent]
    var activities = 500
    var batchCount = 50
    var jobSeconds = 2
    var pollMilliseconds = 250
    var runs = 3

    /// The two shapes of the workload.
    enum Variant: String, CaseIterable {
        /// One ForEach over `activities` items, `batchCount` at a time.
        case forEach = "foreach"
        /// `activities` independent activities in one pipeline, all ready at once.
        case independent

        var pipelineName: String {
            switch self {
            case .forEach: "ForEachScoring"
            case .independent: "IndependentScoring"
            }
        }
    }

    /// A problem with the command line.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws {
        var remaining = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = remaining.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) throws -> Int {
            let text = try value(flag)
            guard let number = Int(text), number > 0 else {
                throw UsageError(description: "\(flag) needs a positive whole number, not '\(text)'")
            }
            return number
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--bin": binaries = try value(flag)
            case "--repository": repository = try value(flag)
            case "--activities": activities = try number(flag)
            case "--batch": batchCount = try number(flag)
            case "--job-seconds": jobSeconds = try number(flag)
            case "--poll-ms": pollMilliseconds = try number(flag)
            case "--runs": runs = try number(flag)
            case "--variant":
                let text = try value(flag)
                if text == "both" {
                    variants = Variant.allCases
                } else if let variant = Variant(rawValue: text) {
                    variants = [variant]
                } else {
                    throw UsageError(description: "--variant is foreach, independent or both, not '\(text)'")
                }
            default:
                throw UsageError(description: "unknown argument '\(flag)'")
            }
        }
    }

    /// The least wall time the workload can take: every job runs `jobSeconds`, and at most
    /// `batchCount` (ForEach) or all (independent) run at once.
    func idealSeconds(_ variant: Variant) -> Double {
        switch variant {
        case .forEach:
            Double((activities + batchCount - 1) / batchCount * jobSeconds)
        case .independent:
            Double(jobSeconds)
        }
    }

    func path(_ name: String) -> String {
        URL(fileURLWithPath: binaries).appendingPathComponent(name).path
    }
}
