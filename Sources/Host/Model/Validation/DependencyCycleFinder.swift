/// Finds cycles in the `dependsOn` edges of one container of activities.
enum DependencyCycleFinder {
    /// The most cycles reported for one container.
    static let reportedCycleLimit = 50

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
        enum Mark: Equatable {
            case unvisited
            /// On the current path, at this position of `stack`.
            case onStack(Int)
            case done
        }
        var marks = [Mark](repeating: .unvisited, count: activities.count)
        var stack: [Int] = []
        var problems: [ValidationProblem] = []
        var reported: Set<Set<Int>> = []

        // Depth-first search with an explicit stack (a chain of 100,000 activities must not
        // overflow the thread's stack): each frame is a node and the next of its edges to follow.
        var frames: [(node: Int, nextEdge: Int)] = []
        for root in activities.indices where marks[root] == .unvisited {
            marks[root] = .onStack(stack.count)
            stack.append(root)
            frames.append((root, 0))
            while let frame = frames.last {
                let edges = upstream[frame.node]
                guard frame.nextEdge < edges.count else {
                    frames.removeLast()
                    stack.removeLast()
                    marks[frame.node] = .done
                    continue
                }
                frames[frames.count - 1].nextEdge += 1
                let next = edges[frame.nextEdge]
                switch marks[next] {
                case .unvisited:
                    marks[next] = .onStack(stack.count)
                    stack.append(next)
                    frames.append((next, 0))
                case .onStack(let start):
                    // Spelling out a cycle costs its length; past the limit, one more is no help.
                    guard problems.count < Self.reportedCycleLimit else { continue }
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
        }
        return problems
    }
}
