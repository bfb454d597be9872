/// Everything a job will do, checked when the job was submitted: the dataset to read, where each
/// output goes, and the effective web service parameters.
struct JobPlan: Sendable {
    /// The web service the job runs on.
    let service: CatalogWebService
    /// The endpoint it was submitted to (it decides the model a score job uses).
    let endpoint: CatalogEndpoint
    /// Where the input dataset is: a web service input's blob, or the service's reader.
    let input: PlannedInput
    /// The web service outputs, each with its checked destination.
    let outputs: [PlannedOutput]
    /// Request parameters merged over the configured defaults.
    let globalParameters: [String: String]
}

/// Where a job reads its dataset.
enum PlannedInput: Sendable {
    /// A web service input, already authorized for reading.
    case port(name: String, location: BlobLocation)
    /// The reader named by web service parameters, resolved when the job runs (as the Import Data module
    /// only touched storage when it executed).
    case reader(ParameterBlobBinding)
}

/// A web service output and where the job writes it.
struct PlannedOutput: Sendable {
    let name: String
    let role: OutputRole
    /// The request's override, or the workspace storage default.
    let location: BlobLocation
}
