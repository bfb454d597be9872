import PipelineModel

/// The `dependsOn` edges of one container of activities (a pipeline's top level, a branch, a loop
/// body), by position, ready for scheduling.
public struct DependencyGraph: Sendable {
    /// One activity of the container.
    public struct Node: Sendable, Hashable {
        public var name: String
        /// One entry per `dependsOn` entry; all must be met (AND).
        public var dependencies: [Dependency]
        /// For an inactive activity, how the activities depending on it see it; `nil` when active.
        public var inactiveMark: DependencyOutcome?

        public init(name: String, dependencies: [Dependency] = [], inactiveMark: DependencyOutcome? = nil) {
            self.name = name
            self.dependencies = dependencies
            self.inactiveMark = inactiveMark
        }
    }

    /// One `dependsOn` entry: any of its conditions on the upstream activity (OR).
    public struct Dependency: Sendable, Hashable {
        public var upstream: Int
        public var conditions: [DependencyCondition]

        public init(upstream: Int, conditions: [DependencyCondition]) {
            self.upstream = upstream
            self.conditions = conditions
        }

        public func isMet(by outcome: DependencyOutcome) -> Bool {
            conditions.contains { $0.isMet(by: outcome) }
        }
    }

    /// Why a graph cannot be built; validation reports these with file and JSON path first.
    public enum GraphError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A dependency names no activity of the container.
        case unknownUpstream(activity: String, upstream: String)
        /// The edges form a cycle through these activities.
        case cycle([String])

        public var description: String {
            switch self {
            case .unknownUpstream(let activity, let upstream):
                "activity '\(activity)' depends on '\(upstream)', which is not in the same container"
            case .cycle(let names):
                "the dependencies form a cycle through \(names.map { "'\($0)'" }.joined(separator: ", "))"
            }
        }
    }

    public let nodes: [Node]
    /// For each node, the nodes that depend on it, once per dependency entry.
    public let downstream: [[Int]]

    /// A graph from explicit nodes; dependencies must point at valid indices and form no cycle.
    public init(nodes: [Node]) throws(GraphError) {
        var downstream = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for dependency in node.dependencies {
                guard nodes.indices.contains(dependency.upstream), dependency.upstream != index else {
                    throw .unknownUpstream(activity: node.name, upstream: "#\(dependency.upstream)")
                }
                downstream[dependency.upstream].append(index)
            }
        }
        self.nodes = nodes
        self.downstream = downstream
        if let cycle = Self.findCycle(nodes: nodes, downstream: downstream) { throw .cycle(cycle) }
    }

    /// The graph of a container of activities, matching `dependsOn` names exactly.
    public init(activities: [Activity]) throws(GraphError) {
        var index: [String: Int] = [:]
        index.reserveCapacity(activities.count)
        for (position, activity) in activities.enumerated() where index[activity.name] == nil {
            index[activity.name] = position
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(activities.count)
        for activity in activities {
            var dependencies: [Dependency] = []
            dependencies.reserveCapacity(activity.dependsOn.count)
            for dependency in activity.dependsOn {
                guard let upstream = index[dependency.activity], dependency.activity != activity.name else {
                    throw .unknownUpstream(activity: activity.name, upstream: dependency.activity)
                }
                dependencies.append(Dependency(upstream: upstream, conditions: dependency.conditions))
            }
            nodes.append(Node(
                name: activity.name, dependencies: dependencies,
                inactiveMark: activity.state == .inactive ? activity.onInactiveMarkAs : nil))
        }
        try self.init(nodes: nodes)
    }

    /// Kahn's algorithm: whatever cannot be ordered lies on or behind a cycle.
    private static func findCycle(nodes: [Node], downstream: [[Int]]) -> [String]? {
        var remaining = nodes.map(\.dependencies.count)
        var queue = remaining.indices.filter { remaining[$0] == 0 }
        var ordered = 0
        while let node = queue.popLast() {
            ordered += 1
            for next in downstream[node] {
                remaining[next] -= 1
                if remaining[next] == 0 { queue.append(next) }
            }
        }
        guard ordered < nodes.count else { return nil }
        return remaining.indices.filter { remaining[$0] > 0 }.map { nodes[$0].name }
    }
}
