import DataPluginCore
import Foundation
import PluginKit

/// `timeToLive` of an `HDInsightOnDemand` linked service: how long its cluster stays up after the
/// last job on it ended, in ADF's timespan format `[d.]hh:mm:ss` (for example `00:15:00`).
enum TimeToLive {
    /// ADF's minimum; shorter values are accepted with a warning (tests use a few seconds).
    static let adfMinimumSeconds = 5 * 60
    /// The longest accepted: 30 days.
    static let maximumSeconds = 30 * 24 * 3600

    /// The seconds `text` names, or a 2105 failure naming `path` and the format.
    static func seconds(_ text: String, path: String) throws(ActivityFailure) -> Int {
        let invalid = ActivityFailure.invalidProperty(
            path, "expected a timespan '[d.]hh:mm:ss' between 00:00:01 and 30.00:00:00 (ADF's minimum is 00:05:00), got '\(text)'")
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw invalid }
        var days = 0
        var hourText = parts[0]
        if let dot = hourText.firstIndex(of: ".") {
            guard let value = Int(hourText[..<dot]), (0...30).contains(value) else { throw invalid }
            days = value
            hourText = hourText[hourText.index(after: dot)...]
        }
        guard hourText.count <= 2, parts[1].count == 2, parts[2].count == 2,
            let hours = Int(hourText), let minutes = Int(parts[1]), let seconds = Int(parts[2]),
            (0...23).contains(hours), (0...59).contains(minutes), (0...59).contains(seconds)
        else { throw invalid }
        let total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        guard (1...maximumSeconds).contains(total) else { throw invalid }
        return total
    }
}
