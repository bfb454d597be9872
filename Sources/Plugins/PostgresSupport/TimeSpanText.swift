/// ADF's timespan properties (`queryTimeout`, `scriptBlockExecutionTimeout`, `writeBatchTimeout`):
/// `[d.]hh:mm:ss`, as ADF's pattern `((\d+)\.)?(\d\d):(60|([0-5][0-9])):(60|([0-5][0-9]))` says.
public enum TimeSpanText {
    /// The whole seconds `text` stands for; nil when it does not match the pattern or counts more
    /// than 99 days.
    public static func seconds(_ text: String) -> Int? {
        var body = Substring(text.trimmingASCIISpaces())
        var days = 0
        if let dot = body.firstIndex(of: "."), let colon = body.firstIndex(of: ":"), dot < colon {
            guard let value = Int(body[..<dot]), value >= 0, value <= 99 else { return nil }
            days = value
            body = body[body.index(after: dot)...]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3,
            parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Int(parts[2]),
            minutes <= 60, seconds <= 60
        else { return nil }
        return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    }
}
