import Foundation

/// Timestamps in ADF's format: UTC ISO 8601 with seven fractional digits
/// (`2018-06-16T00:37:44.6257014Z`).
public enum RunTimestamp {
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = interval.rounded(.down)
        var ticks = Int64(((interval - seconds) * 10_000_000).rounded())
        if ticks >= 10_000_000 {
            ticks -= 10_000_000
            seconds += 1
        }
        let components = Calendar.utc.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(components.year ?? 0, 4))-\(pad(components.month ?? 0, 2))-\(pad(components.day ?? 0, 2))T"
            + "\(pad(components.hour ?? 0, 2)):\(pad(components.minute ?? 0, 2)):\(pad(components.second ?? 0, 2))."
            + "\(pad(Int(ticks), 7))Z"
    }

    /// Milliseconds between two instants, as ADF's `durationInMs`.
    public static func milliseconds(from start: Date, to end: Date) -> Int64 {
        Int64((end.timeIntervalSince(start) * 1000).rounded())
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
