extension EmulatorConfiguration {
    /// This configuration with command-line settings applied everywhere: the job duration replaces the
    /// top-level and every web service's duration, and each fault field given replaces that field at the
    /// top level and in every web service.
    public func overriding(
        jobDuration: EmulatorDuration? = nil, faults: FaultConfiguration = .none, faultSeed: UInt64? = nil
    ) -> EmulatorConfiguration {
        var result = self
        if let jobDuration {
            result.jobDuration = jobDuration
            for index in result.webServices.indices { result.webServices[index].jobDuration = jobDuration }
        }
        if faults != .none {
            result.faults = (result.faults ?? .none).overridden(by: faults)
            for index in result.webServices.indices where result.webServices[index].faults != nil {
                result.webServices[index].faults = result.webServices[index].faults?.overridden(by: faults)
            }
        }
        if let faultSeed { result.faultSeed = faultSeed }
        return result
    }
}
