import DataFlowScript
import TestSizeTags
import Testing

@Suite("Data flow graph", .tags(.small))
struct DataFlowGraphTests {
    @Test("statements written out of order come in topological order; a stream may feed several")
    func order() throws {
        let script = try DataFlowScript.parse(
            """
            J sink() ~> Out
            A, B join(A@id == B@id, joinType: 'inner') ~> J
            source(a: 1) ~> A
            A filter(x > 1) ~> B
            A sink() ~> Copy
            """)
        let graph = try DataFlowGraph(script)
        #expect(graph.orderedStatements.map(\.name) == ["A", "B", "J", "Out", "Copy"])
        let a = try #require(graph.statementIndex(named: "A"))
        #expect(graph.consumers[a].map { script.statements[$0].name } == ["J", "B", "Copy"])
        #expect(graph.inputs[try #require(graph.statementIndex(named: "J"))].count == 2)
        #expect(Set(graph.ends.map { script.statements[$0].name }) == ["Out", "Copy"])
    }

    @Test("a self join reads the same stream twice")
    func selfJoin() throws {
        let graph = try DataFlowGraph(
            try DataFlowScript.parse("source(a: 1) ~> A\nA, A join(true(), joinType: 'cross') ~> J"))
        #expect(graph.inputs[1] == [0, 0])
        #expect(graph.order == [0, 1])
    }

    @Test("a long chain is ordered without recursion")
    func longChain() throws {
        var lines = ["source(a: 1) ~> s0"]
        for index in 1..<5000 { lines.append("s\(index - 1) derive(x = \(index)) ~> s\(index)") }
        let graph = try DataFlowGraph(try DataFlowScript.parse(lines.reversed().joined(separator: "\n")))
        #expect(graph.orderedStatements.first?.name == "s0")
        #expect(graph.orderedStatements.last?.name == "s4999")
    }
}
