import PluginKit

/// The dataset an activity names in `typeProperties.dataset` (`{"referenceName", "parameters"}`),
/// as the host resolved it.
enum DatasetReference {
    static func resolve(_ properties: PropertyReader, invocation: Invocation) throws(ActivityFailure) -> Invocation.Dataset {
        let reference = try properties.object("dataset")
        let name = try reference.requiredString("referenceName")
        guard let dataset = invocation.dataset(named: name) else {
            throw ActivityFailure.userError(
                "The dataset '\(name)' named in \(reference.member("referenceName")) was not resolved by the host.",
                code: ActivityErrorCode.datasetNotFound)
        }
        return dataset
    }
}
