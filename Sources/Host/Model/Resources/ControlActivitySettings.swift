/// The numeric settings of the built-in control activities and what ADF allows for each: checked
/// by `validate` where they are written as literals, and by the activity when an expression
/// produces them.
public enum ControlActivitySettings {
    /// Until's `timeout`: default seven days, at most 90.
    public static let untilTimeout = DurationSetting(
        "typeProperties.timeout", maximum: TimeSpan(days: 90), maximumDescription: "90 days")
    /// Until's timeout when none is written.
    public static let defaultUntilTimeout = TimeSpan.sevenDays
    /// Wait's `waitTimeInSeconds`: a 32-bit count of seconds, as ADF's API types it.
    public static let waitTimeInSeconds = WholeNumberSetting("typeProperties.waitTimeInSeconds", range: 0...Int64(Int32.max))
    /// ForEach's `batchCount`: 1 to 50.
    public static let batchCount = WholeNumberSetting("typeProperties.batchCount", range: 1...50)
    /// ForEach's batch count when none is written.
    public static let defaultBatchCount = 20
}
