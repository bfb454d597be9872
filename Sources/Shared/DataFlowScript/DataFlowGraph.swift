/// The streams of a script connected: each statement's inputs resolved to the statements that
/// produce them, and an order in which every statement comes after its inputs. A stream may feed
/// several statements (ADF's "new branch").
public struct DataFlowGraph: Sendable {
    public let script: DataFlowScript
    /// Statement indices, each after the statements it reads (Kahn's algorithm; ties in script order).
    public let order: [Int]
    /// For each statement, the indices of the statements its inputs name, in input order.
    public let inputs: [[Int]]
    /// For each statement, the statements that read it, in script order.
    public let consumers: [[Int]]
    private let indexByName: [String: Int]

    public init(_ script: DataFlowScript) throws(DataFlowScriptError) {
        self.script = script
        let statements = script.statements
        var indexByName: [String: Int] = [:]
        for (offset, statement) in statements.enumerated() {
            if let first = indexByName[statement.name] {
                throw .duplicateStream(
                    statement.name, at: statement.namePosition, firstLine: statements[first].namePosition.line)
            }
            indexByName[statement.name] = offset
        }
        var inputs: [[Int]] = []
        var consumers = [[Int]](repeating: [], count: statements.count)
        for (offset, statement) in statements.enumerated() {
            var resolved: [Int] = []
            for reference in statement.inputs {
                guard let producer = indexByName[reference.stream] else {
                    throw .unknownStream(reference.stream, at: reference.position)
                }
                let branches = statements[producer].branches
                if let branch = reference.branch {
                    guard branches.contains(branch) else {
                        throw .unknownBranch(
                            stream: reference.stream, branch: branch, known: branches, at: reference.position)
                    }
                } else if !branches.isEmpty {
                    throw .branchRequired(stream: reference.stream, branches: branches, at: reference.position)
                }
                resolved.append(producer)
                if consumers[producer].last != offset { consumers[producer].append(offset) }
            }
            inputs.append(resolved)
        }
        var waiting = inputs.map { Set($0).count }
        var ready = (0..<statements.count).filter { waiting[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        // `ready` is kept as a stack in descending order so that the lowest index comes out first.
        while let next = ready.popLast() {
            order.append(next)
            for consumer in consumers[next] {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 {
                    let insertAt = ready.firstIndex(where: { $0 < consumer }) ?? ready.count
                    ready.insert(consumer, at: insertAt)
                }
            }
        }
        if order.count < statements.count {
            // What is left is the circle and whatever reads it; drop the readers that nothing left reads.
            var left = Set(statements.indices).subtracting(order)
            while let reader = left.first(where: { candidate in !consumers[candidate].contains(where: left.contains) })
            {
                left.remove(reader)
            }
            let circle = left.sorted()
            throw .cycle(circle.map { statements[$0].name }, at: statements[circle.first ?? 0].position)
        }
        self.order = order
        self.inputs = inputs
        self.consumers = consumers
        self.indexByName = indexByName
    }

    /// The statement that writes `~> name`.
    public func statementIndex(named name: String) -> Int? { indexByName[name] }

    /// The statements in topological order.
    public var orderedStatements: [Statement] { order.map { script.statements[$0] } }

    /// Statements nothing reads (usually the sinks).
    public var ends: [Int] { order.filter { consumers[$0].isEmpty } }
}
