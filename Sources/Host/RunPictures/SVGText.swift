/// Text and numbers as they go into SVG and HTML documents.
enum SVGText {
    /// Escapes the characters XML gives meaning to, for text and attribute values alike.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A coordinate with at most one decimal, so documents stay small.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        return String(tenths / 10)
    }

    /// Cuts text to `limit` characters with an ellipsis.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(max(1, limit - 1))) + "…" : text
    }

    /// Wraps an SVG document in a self-contained HTML page (no scripts or fonts from anywhere).
    static func htmlPage(title: String, svg: String, legend: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 16px; color: #1f2328; background: #fff; }
        h1 { font-size: 18px; margin: 0 0 8px; }
        .legend span { display: inline-block; margin-right: 14px; font-size: 13px; }
        .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
        svg .bar:hover, svg .node:hover rect { stroke: #000; stroke-width: 1.5; }
        </style></head>
        <body><h1>\(escape(title))</h1><div class="legend">\(legend)</div>
        \(svg)
        </body></html>

        """
    }
}

/// The colour of each status, shared by the Gantt chart and its legend.
enum StatusColours {
    static func fill(_ status: String) -> String {
        switch status {
        case "Succeeded": "#2da44e"
        case "Failed": "#cf222e"
        case "Cancelled": "#8c959f"
        case "InProgress": "#0969da"
        case "Queued": "#d4a72c"
        case "Skipped": "#d0d7de"
        case "Inactive": "#eaeef2"
        default: "#6e7781"
        }
    }

    static let statuses = ["Succeeded", "Failed", "InProgress", "Queued", "Cancelled", "Skipped", "Inactive"]

    static var legend: String {
        statuses.map { "<span><i style=\"background:\(fill($0))\"></i>\($0)</span>" }.joined()
    }
}
