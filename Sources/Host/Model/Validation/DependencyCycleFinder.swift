/// Finds cycles in the `dependsOn` edges of one container of activities.
enum DependencyCycleFinder {
    /// One problem per cycle, at the first activity of the cycle in document order, spelling the
    /// cycle out (`A → B → A`).
    static func cycles(in activities: [Activity]) -> [ValidationProblem] {
        var index: [String: Int] = [:]
        for (position, activity) in activities.enumerated() where index[activity.name] == nil {
            index[activity.name] = position
        }
        // Edges point from an activity to the activities it depends on.
        let upstream: [[Int]] = activities.map { activity in
            activity.dependsOn.compactMap { index[$0.activity] }.filter { $0 != index[activity.name] }
        }
        enum Mark { case unvisited, onStack, done }
        var marks = [Mark](repeating: .unvisited, count: activities.count)
        var stack: [Int] = []
        var problems: [ValidationProblem] = []
        var reported: Set<Set<Int>> = []

        func visit(_ node: Int) {
            marks[node] = .onStack
            stack.append(node)
            for next in upstream[node] {
                switch marks[next] {
                case .unvisited:
                    visit(next)
                case .onStack:
                    guard let start = stack.lastIndex(of: next) else { continue }
                    let members = Array(stack[start...])
                    guard reported.insert(Set(members)).inserted, let first = members.min() else { continue }
                    // Spell the cycle in the direction work would flow, starting at its first activity.
                    var ordered = members.reversed().map { $0 }
                    if let offset = ordered.firstIndex(of: first) {
                        ordered = Array(ordered[offset...] + ordered[..<offset])
                    }
                    let path = (ordered + [first]).map { activities[$0].name }.joined(separator: " → ")
                    problems.append(ValidationProblem(
                        .dependencyCycle, at: activities[first].location.member("dependsOn"),
                        "the dependencies form a cycle (\(path)), so none of these activities can ever start; remove one of the dependsOn entries"))
                case .done:
                    continue
                }
            }
            stack.removeLast()
            marks[node] = .done
        }
        for node in activities.indices where marks[node] == .unvisited { visit(node) }
        return problems
    }
}
