import TestSizeTags
import Testing

/// Each expression function and operator docs/data-flows.md lists, evaluated by real Spark in a
/// data flow (aggregates in an aggregate, window functions in a window) and compared with the
/// value ADF's documentation gives. Shares ``DataFlowSparkBatch/shared`` with
/// ``DataFlowTransformationTests``.
@Suite("data flow expression functions on real Spark", .tags(.large))
struct DataFlowFunctionTests {
    @Test("the derived columns hold the documented values", arguments: DataFlowFunctionCases.all)
    func function(_ flow: DataFlowCase) throws {
        try DataFlowExpectations.check(flow, in: DataFlowSparkBatch.shared)
    }

    @Test("every case of the shared batch has its own name")
    func namesAreUnique() {
        let names = (DataFlowSparkBatch.transformationCases + DataFlowFunctionCases.all).map(\.name)
        #expect(Set(names).count == names.count)
    }
}
