import PipelineModel

/// Why a run could not start. Problems inside a running pipeline fail activities instead.
public enum RunStartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The factory has no pipeline of that name.
    case unknownPipeline(name: String, available: [String])
    /// The parameter values do not fit the pipeline's declarations.
    case invalidParameters([ValidationProblem])
    /// A container's dependencies reference unknown activities or form a cycle (validate first).
    case invalidGraph(pipeline: String, reason: String)

    public var description: String {
        switch self {
        case .unknownPipeline(let name, let available):
            "there is no pipeline named '\(name)'; the factory has \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .invalidParameters(let problems):
            problems.map(\.description).joined(separator: "\n")
        case .invalidGraph(let pipeline, let reason):
            "pipeline '\(pipeline)' cannot be scheduled: \(reason)"
        }
    }
}
