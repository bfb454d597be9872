import PipelineModel

/// The dependency graph of a pipeline's top-level activities as SVG: activities in columns by
/// depth (each after everything it depends on), edges labelled and coloured by their
/// conditions, container activities with the count of activities inside. Hover shows details.
public struct DependencyGraphPicture: Sendable {
    public var pipeline: Pipeline

    static let boxWidth = 190.0
    static let boxHeight = 48.0
    static let columnGap = 90.0
    static let rowGap = 26.0
    static let margin = 24.0
    static let top = 40.0

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// Each activity's column: the length of the longest dependency chain leading to it. Computed
    /// in topological order (Kahn's algorithm), so a chain of any length needs no recursion;
    /// activities on a cycle (validation reports those) keep column 0.
    func layers() -> [String: Int] {
        let activities = pipeline.activities
        var index: [String: Int] = [:]
        for (position, activity) in activities.enumerated() where index[activity.name] == nil { index[activity.name] = position }
        var dependents = [[Int]](repeating: [], count: activities.count)
        var waiting = [Int](repeating: 0, count: activities.count)
        for (position, activity) in activities.enumerated() {
            for dependency in activity.dependsOn {
                guard let upstream = index[dependency.activity], upstream != position else { continue }
                dependents[upstream].append(position)
                waiting[position] += 1
            }
        }
        var column = [Int](repeating: 0, count: activities.count)
        var ready = activities.indices.filter { waiting[$0] == 0 }
        while let node = ready.popLast() {
            for next in dependents[node] {
                column[next] = max(column[next], column[node] + 1)
                waiting[next] -= 1
                if waiting[next] == 0 { ready.append(next) }
            }
        }
        var depth: [String: Int] = [:]
        for (position, activity) in activities.enumerated() where depth[activity.name] == nil {
            depth[activity.name] = column[position]
        }
        return depth
    }

    public func svg() -> String {
        let depth = layers()
        var columns: [[Activity]] = []
        for activity in pipeline.activities {
            let column = depth[activity.name] ?? 0
            while columns.count <= column { columns.append([]) }
            columns[column].append(activity)
        }
        var position: [String: (x: Double, y: Double)] = [:]
        for (column, activities) in columns.enumerated() {
            for (row, activity) in activities.enumerated() {
                position[activity.name] = (
                    Self.margin + Double(column) * (Self.boxWidth + Self.columnGap),
                    Self.top + Double(row) * (Self.boxHeight + Self.rowGap)
                )
            }
        }
        let tallest = columns.map(\.count).max() ?? 0
        let width = Self.margin * 2 + Double(max(columns.count, 1)) * (Self.boxWidth + Self.columnGap) - Self.columnGap
        let height = Self.top + Double(max(tallest, 1)) * (Self.boxHeight + Self.rowGap) + Self.margin
        let n = SVGText.number
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
            viewBox="0 0 \(n(width)) \(n(height))" font-family="system-ui, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(n(Self.margin))" y="22" font-size="14" font-weight="600">Pipeline \(SVGText.escape(pipeline.name))</text>

            """
        for activity in pipeline.activities {
            guard let to = position[activity.name] else { continue }
            for dependency in activity.dependsOn {
                guard let from = position[dependency.activity] else { continue }
                let startX = from.x + Self.boxWidth, startY = from.y + Self.boxHeight / 2
                let endX = to.x, endY = to.y + Self.boxHeight / 2
                let bend = max((endX - startX) / 2, 30)
                let conditions = dependency.conditions.map(\.rawValue)
                let colour = Self.colour(conditions)
                svg += "<g class=\"edge\" data-from=\"\(SVGText.escape(dependency.activity))\" data-to=\"\(SVGText.escape(activity.name))\">"
                svg += "<path d=\"M\(n(startX)),\(n(startY)) C\(n(startX + bend)),\(n(startY)) \(n(endX - bend)),\(n(endY)) \(n(endX - 6)),\(n(endY))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\"/>"
                svg += "<path d=\"M\(n(endX)),\(n(endY)) l-7,-4 v8 z\" fill=\"\(colour)\"/>"
                svg += "<text x=\"\(n((startX + endX) / 2))\" y=\"\(n((startY + endY) / 2 - 4))\" text-anchor=\"middle\" fill=\"\(colour)\" font-size=\"11\">\(SVGText.escape(conditions.joined(separator: ", ")))</text></g>\n"
            }
        }
        for activity in pipeline.activities {
            guard let at = position[activity.name] else { continue }
            let inner = activity.allNestedActivities.count
            let subtitle = activity.type + (inner > 0 ? " · \(inner) inside" : "") + (activity.state == .inactive ? " · inactive" : "")
            let fill = activity.state == .inactive ? "#f6f8fa" : (inner > 0 ? "#ddf4ff" : "#ffffff")
            var hover = "\(activity.name) (\(activity.type))"
            if !activity.dependsOn.isEmpty {
                hover += "\ndepends on " + activity.dependsOn.map { "\($0.activity) [\($0.conditions.map(\.rawValue).joined(separator: ", "))]" }.joined(separator: "; ")
            }
            if let description = activity.description { hover += "\n\(description)" }
            svg += "<g class=\"node\" data-activity=\"\(SVGText.escape(activity.name))\"><title>\(SVGText.escape(hover))</title>"
            svg += "<rect x=\"\(n(at.x))\" y=\"\(n(at.y))\" width=\"\(n(Self.boxWidth))\" height=\"\(n(Self.boxHeight))\" rx=\"6\" fill=\"\(fill)\" stroke=\"#57606a\"/>"
            svg += "<text x=\"\(n(at.x + 10))\" y=\"\(n(at.y + 20))\" font-weight=\"600\">\(SVGText.escape(SVGText.clip(activity.name, 26)))</text>"
            svg += "<text x=\"\(n(at.x + 10))\" y=\"\(n(at.y + 37))\" fill=\"#57606a\" font-size=\"11\">\(SVGText.escape(SVGText.clip(subtitle, 30)))</text></g>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    public func html() -> String {
        let legend = [("Succeeded", "#2da44e"), ("Failed", "#cf222e"), ("Completed", "#0969da"), ("Skipped", "#8c959f")]
            .map { "<span><i style=\"background:\($0.1)\"></i>\($0.0)</span>" }.joined()
        return SVGText.htmlPage(title: "Pipeline \(pipeline.name)", svg: svg(), legend: legend)
    }

    static func colour(_ conditions: [String]) -> String {
        guard conditions.count == 1, let only = conditions.first else { return "#8250df" }
        switch only {
        case "Succeeded": return "#2da44e"
        case "Failed": return "#cf222e"
        case "Completed": return "#0969da"
        default: return "#8c959f"
        }
    }
}
