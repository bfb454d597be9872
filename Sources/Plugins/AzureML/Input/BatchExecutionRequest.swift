import PluginKit

/// The body of a Batch Execution submit (reference/adf.md §3.3), built from the activity's
/// `typeProperties` (§3.1) and the storage linked services they name:
///
/// ```json
/// {"Inputs": {"input1": {"ConnectionString": "…", "RelativeLocation": "container/in.csv"}},
///  "Outputs": {"output1": {"BaseLocation": "…/", "RelativeLocation": "container/out.csv", "SasBlobToken": "?…"}},
///  "GlobalParameters": {"Database query": "SELECT …"}}
/// ```
///
/// Input, output and parameter names are sent exactly as written: the service matches them
/// case-sensitively.
struct BatchExecutionRequest: Sendable {
    /// `webServiceInputs`, by web service input name.
    var inputs: [(name: String, reference: BlobDataReference)] = []
    /// `webServiceOutputs`, by web service output name.
    var outputs: [(name: String, reference: BlobDataReference)] = []
    /// `globalParameters`, as strings.
    var globalParameters: [(name: String, value: String)] = []

    /// Reads `typeProperties`; every storage linked service must be among `linkedServices`.
    init(typeProperties: JSONValue, linkedServices: [String: Invocation.LinkedService]) throws(ActivityFailure) {
        let properties = PropertyReader(typeProperties, path: "typeProperties")
        let storage = StorageLookup(linkedServices)
        if let files = properties.member("webServiceInputs") {
            for (name, file) in try files.members() {
                inputs.append((name, try storage.reference(for: file)))
            }
        }
        if let files = properties.member("webServiceOutputs") {
            for (name, file) in try files.members() {
                outputs.append((name, try storage.reference(for: file)))
            }
        }
        if let parameters = properties.member("globalParameters") {
            for (name, value) in try parameters.members() {
                globalParameters.append((name, try value.scalarText()))
            }
        }
    }

    /// The JSON body.
    var json: JSONValue {
        .object([
            "Inputs": .object(JSONObject(inputs.map { ($0.name, $0.reference.json) })),
            "Outputs": .object(JSONObject(outputs.map { ($0.name, $0.reference.json) })),
            "GlobalParameters": .object(JSONObject(globalParameters.map { ($0.name, JSONValue.string($0.value)) })),
        ])
    }

    /// Every secret the body carries (storage keys, connection strings, SAS tokens), so that
    /// messages coming back from the service can be scrubbed of them.
    var secrets: [String] {
        (inputs + outputs).flatMap(\.reference.access.secrets)
    }
}

/// Finds the storage linked services that web service files and trained models name.
struct StorageLookup: Sendable {
    let linkedServices: [String: Invocation.LinkedService]

    init(_ linkedServices: [String: Invocation.LinkedService]) {
        self.linkedServices = linkedServices
    }

    /// The linked service a `{referenceName}` reference names, matched exactly, then ignoring case.
    func service(_ reference: PropertyReader) throws(ActivityFailure) -> Invocation.LinkedService {
        let name = try reference.required("referenceName").string()
        if let service = linkedServices[name] { return service }
        if let match = linkedServices.first(where: { asciiCaseInsensitiveEquals($0.key, name) }) { return match.value }
        throw .userError(
            "The linked service '\(name)' named at \(reference.path) was not passed to the activity; check that the factory has a linked service of that name.",
            code: ActivityErrorCode.invalidPropertyValue)
    }

    /// An AzureMLWebServiceFile (`{filePath, linkedServiceName}`) as a blob reference.
    func reference(for file: PropertyReader) throws(ActivityFailure) -> BlobDataReference {
        let filePath = try file.required("filePath").string()
        let access = try BlobAccess(service(file.required("linkedServiceName")))
        return BlobDataReference(access: access, relativeLocation: filePath)
    }
}
