import PipelineModel

extension ActivityError {
    /// ADF's 2105 for a setting whose value, as an expression produced it, cannot be used (not a
    /// number, not a duration, or out of ADF's range): the activity fails, the run goes on.
    public init(invalidSetting problem: SettingProblem, of activity: String) {
        self.init(
            errorCode: ActivityErrorCode.invalidPropertyValue,
            message: "An invalid value is provided for property '\(problem.property)' of activity '\(activity)': \(problem.explanation).")
    }
}
