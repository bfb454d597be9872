import Foundation
import HostCore

/// A Gantt chart of one pipeline run: one bar per activity run and attempt on a time axis,
/// coloured by status, nested runs grouped under their ForEach/Until/If/Switch, details on hover
/// (SVG `<title>`, shown by every browser without scripts). Self-contained SVG or HTML.
public struct GanttChart: Sendable {
    public var run: PipelineRunRecord
    public var activityRuns: [ActivityRunRecord]

    static let width = 1200.0
    static let labelWidth = 360.0
    static let rowHeight = 20.0
    static let top = 44.0

    public init(run: PipelineRunRecord, activityRuns: [ActivityRunRecord]) {
        self.run = run
        self.activityRuns = activityRuns
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let rows = GanttRows(activityRuns).rows
        let (start, end) = timeRange()
        let span = max(end.timeIntervalSince(start), 0.001)
        let plotWidth = Self.width - Self.labelWidth - 20
        let height = Self.top + Double(rows.count) * Self.rowHeight + 20
        func x(_ date: Date) -> Double { Self.labelWidth + date.timeIntervalSince(start) / span * plotWidth }
        let n = SVGText.number
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(Self.width))" height="\(n(height))" \
            viewBox="0 0 \(n(Self.width)) \(n(height))" font-family="system-ui, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="8" y="18" font-size="14" font-weight="600">\(SVGText.escape(title))</text>

            """
        svg.reserveCapacity(rows.count * 420 + 4096)
        for tick in Self.ticks(span: span) {
            let tickX = Self.labelWidth + tick / span * plotWidth
            svg += "<line x1=\"\(n(tickX))\" y1=\"\(n(Self.top - 8))\" x2=\"\(n(tickX))\" y2=\"\(n(height - 16))\" stroke=\"#eaeef2\"/>"
            svg += "<text x=\"\(n(tickX))\" y=\"\(n(Self.top - 12))\" fill=\"#57606a\" text-anchor=\"middle\">\(Self.tickLabel(tick))</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            switch row {
            case .group(let scope, let depth):
                svg += "<text class=\"group\" x=\"\(n(8 + Double(depth) * 12))\" y=\"\(n(y + 14))\" fill=\"#57606a\" font-style=\"italic\">\(SVGText.escape(SVGText.clip(scope, 52)))</text>\n"
            case .activity(let record, let depth):
                let label = record.activityName + (record.retryAttempt.map { " (retry \($0))" } ?? "")
                svg += "<text x=\"\(n(8 + Double(depth) * 12))\" y=\"\(n(y + 14))\">\(SVGText.escape(SVGText.clip(label, 48 - depth * 2)))</text>"
                let barStart = record.activityRunStart.map(x) ?? Self.labelWidth
                let barEnd = (record.activityRunEnd ?? (record.activityRunStart == nil ? nil : end)).map(x) ?? barStart
                let barWidth = max(barEnd - barStart, 2)
                let status = record.status.rawValue
                let outline = record.activityRunStart == nil ? " stroke=\"#8c959f\" stroke-dasharray=\"2 2\"" : ""
                svg += "<rect class=\"bar\" data-status=\"\(status)\" x=\"\(n(barStart))\" y=\"\(n(y + 3))\" width=\"\(n(barWidth))\" height=\"\(n(Self.rowHeight - 6))\" rx=\"2\" fill=\"\(StatusColours.fill(status))\"\(outline)><title>\(SVGText.escape(details(record)))</title></rect>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }

    /// The chart in a self-contained HTML page with a legend.
    public func html() -> String {
        SVGText.htmlPage(title: title, svg: svg(), legend: StatusColours.legend)
    }

    var title: String {
        var text = "Pipeline '\(run.pipelineName)' run \(run.runId): \(run.status.rawValue)"
        if let duration = run.durationInMs { text += " in \(Double(duration) / 1000)s" }
        return text
    }

    private func details(_ record: ActivityRunRecord) -> String {
        var lines = [
            record.scope.isEmpty ? record.activityName : "\(record.scope)/\(record.activityName)",
            "\(record.activityType) — \(record.status.rawValue)" + (record.retryAttempt.map { ", retry \($0)" } ?? ""),
        ]
        if let start = record.activityRunStart { lines.append("start \(RunTimestamp.format(start))") }
        if let duration = record.durationInMs { lines.append("duration \(Double(duration) / 1000)s") }
        if let error = record.error, !error.message.isEmpty {
            lines.append("error \(error.errorCode): \(SVGText.clip(error.message, 300))")
        }
        lines.append("activity run \(record.activityRunId)")
        return lines.joined(separator: "\n")
    }

    private func timeRange() -> (Date, Date) {
        var start = run.runStart ?? .distantFuture
        var end = run.runEnd ?? .distantPast
        for record in activityRuns {
            if let begin = record.activityRunStart {
                start = min(start, begin)
                end = max(end, begin)
            }
            if let finish = record.activityRunEnd { end = max(end, finish) }
        }
        if start == .distantFuture { start = Date(timeIntervalSince1970: 0) }
        if end < start { end = start }
        return (start, end)
    }

    /// About eight round tick positions (seconds from the start).
    static func ticks(span: Double) -> [Double] {
        let steps: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400]
        let step = steps.first { span / $0 <= 8 } ?? 86_400
        return stride(from: 0.0, through: span, by: step).map { $0 }
    }

    static func tickLabel(_ seconds: Double) -> String {
        if seconds == 0 { return "0" }
        if seconds < 1 { return "\(SVGText.number(seconds * 1000))ms" }
        if seconds < 120 { return "\(SVGText.number(seconds))s" }
        if seconds < 7200 { return "\(SVGText.number(seconds / 60))m" }
        return "\(SVGText.number(seconds / 3600))h"
    }
}
