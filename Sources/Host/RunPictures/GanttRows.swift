import Foundation
import HostCore

/// The rows of a Gantt chart in display order: each activity run (every attempt), with the runs
/// nested in a ForEach, Until, If or Switch listed under their container, one labelled group per
/// iteration or branch.
struct GanttRows {
    enum Row {
        case activity(ActivityRunRecord, depth: Int)
        /// The start of an iteration or branch: its scope, such as `ForEach1[3]`.
        case group(String, depth: Int)
    }

    private(set) var rows: [Row] = []

    init(_ records: [ActivityRunRecord]) {
        var byScope: [String: [ActivityRunRecord]] = [:]
        var scopesByContainer: [String: [String]] = [:]
        for record in records {
            if byScope[record.scope] == nil, !record.scope.isEmpty {
                scopesByContainer[Self.containerPath(ofScope: record.scope), default: []].append(record.scope)
            }
            byScope[record.scope, default: []].append(record)
        }
        for key in scopesByContainer.keys { scopesByContainer[key]?.sort(by: Self.scopeOrder) }
        var emitted: Set<String> = []
        append(scope: "", depth: 0, byScope: byScope, scopesByContainer: scopesByContainer, emitted: &emitted)
        // Scopes whose container has no record (the store lost it) still get drawn.
        for scope in byScope.keys.sorted(by: Self.scopeOrder) where !emitted.contains(scope) {
            rows.append(.group(scope, depth: 0))
            append(scope: scope, depth: 1, byScope: byScope, scopesByContainer: scopesByContainer, emitted: &emitted)
        }
    }

    private mutating func append(
        scope: String, depth: Int, byScope: [String: [ActivityRunRecord]], scopesByContainer: [String: [String]],
        emitted: inout Set<String>
    ) {
        guard emitted.insert(scope).inserted, let records = byScope[scope] else { return }
        let ordered = records.enumerated().sorted { left, right in
            switch (left.element.activityRunStart, right.element.activityRunStart) {
            case (let a?, let b?) where a != b: a < b
            case (nil, _?): false
            case (_?, nil): true
            default: left.offset < right.offset
            }
        }.map(\.element)
        // Nested runs go after the last attempt of their container.
        var lastAttempt: [String: Int] = [:]
        for (index, record) in ordered.enumerated() { lastAttempt[record.activityName] = index }
        for (index, record) in ordered.enumerated() {
            rows.append(.activity(record, depth: depth))
            guard lastAttempt[record.activityName] == index else { continue }
            let path = scope.isEmpty ? record.activityName : "\(scope)/\(record.activityName)"
            for child in scopesByContainer[path] ?? [] {
                rows.append(.group(child, depth: depth + 1))
                append(scope: child, depth: depth + 1, byScope: byScope, scopesByContainer: scopesByContainer, emitted: &emitted)
            }
        }
    }

    /// `Outer[2]/Inner(true)` → `Outer[2]/Inner`: the activity that owns a scope.
    static func containerPath(ofScope scope: String) -> String {
        guard let last = scope.last, last == "]" || last == ")" else { return scope }
        let opening: Character = last == "]" ? "[" : "("
        guard let index = scope.lastIndex(of: opening) else { return scope }
        return String(scope[..<index])
    }

    /// Iterations in numeric order (`X[2]` before `X[10]`), everything else by name.
    static func scopeOrder(_ left: String, _ right: String) -> Bool {
        if containerPath(ofScope: left) == containerPath(ofScope: right), let a = iteration(left), let b = iteration(right) {
            return a < b
        }
        return left < right
    }

    private static func iteration(_ scope: String) -> Int? {
        guard scope.last == "]", let open = scope.lastIndex(of: "[") else { return nil }
        return Int(scope[scope.index(after: open)..<scope.index(before: scope.endIndex)])
    }
}
