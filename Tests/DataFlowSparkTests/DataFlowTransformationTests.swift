import PipehostJSON
import TestSizeTags
import Testing

/// Each transformation pipehost lists as done in docs/data-flows.md, run through real Spark
/// (pyspark from .pipehost/venv-spark) on a few rows, its sink compared with the expected rows.
/// All cases of this suite and ``DataFlowFunctionTests`` share one Spark start
/// (``DataFlowSparkBatch/shared``).
@Suite("data flow transformations on real Spark", .tags(.large))
struct DataFlowTransformationTests {
    @Test("the sink holds the expected rows", arguments: DataFlowSparkBatch.transformationCases)
    func transformation(_ flow: DataFlowCase) throws {
        try DataFlowExpectations.check(flow, in: DataFlowSparkBatch.shared)
    }
}

/// Compares what a case's sinks hold with what it expects.
enum DataFlowExpectations {
    static func check(_ flow: DataFlowCase, in batch: DataFlowSparkBatch) throws {
        let outcome = try #require(batch.outcomes[flow.name], "no outcome for \(flow.name)")
        switch outcome {
        case .failed(let reason):
            Issue.record("\(flow.name): \(reason)")
        case .ran(_, let report) where flow.failure != nil:
            let expected = try #require(flow.failure)
            let error = try #require(report["error"], "\(flow.name) did not fail")
            #expect(error["code"]?.stringValue == expected.code, "\(flow.name): \(JSONSerializer.serialize(error))")
            #expect(error["step"]?.stringValue == expected.stream, "\(flow.name): \(JSONSerializer.serialize(error))")
            #expect(error["message"]?.stringValue?.contains(expected.message) == true, "\(flow.name): \(JSONSerializer.serialize(error))")
        case .ran(let sinks, let report):
            #expect(report["error"]?.isNull ?? true, "\(flow.name) failed: \(report["error"].map { JSONSerializer.serialize($0) } ?? "")")
            for (sink, expected) in flow.expected {
                let written = sinks[sink] ?? ""
                if flow.anyOrder {
                    #expect(rows(written) == rows(expected), "\(flow.name) sink \(sink):\n\(written)")
                } else {
                    #expect(written == expected, "\(flow.name) sink \(sink):\n\(written)")
                }
            }
        }
    }

    /// The header, then the rows sorted.
    static func rows(_ csv: String) -> [String] {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.first else { return [] }
        return [header] + lines.dropFirst().sorted()
    }
}
