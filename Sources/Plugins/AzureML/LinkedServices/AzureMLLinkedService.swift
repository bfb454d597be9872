import PluginKit

/// The activity's `AzureML` linked service (reference/adf.md §2.3): the Batch Execution endpoint,
/// its API key, and the Update Resource endpoint when the service is updatable.
struct AzureMLLinkedService: Sendable {
    let name: String
    /// The `mlEndpoint` as written (for messages).
    let mlEndpoint: String
    /// `apiKey`; sent only as `Authorization: Bearer`.
    let apiKey: String
    /// `updateResourceEndpoint`, when present.
    let updateResourceEndpoint: String?
    /// `linkedService(<name>).typeProperties`, for messages.
    let path: String

    /// Reads the invocation's own linked service.
    init(_ invocation: Invocation) throws(ActivityFailure) {
        guard let service = invocation.linkedService else {
            throw .missingProperty("linkedServiceName")
        }
        guard asciiCaseInsensitiveEquals(service.type, "AzureML") else {
            throw .userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; \(invocation.activityType) needs an AzureML (Studio classic) linked service with mlEndpoint and apiKey.",
                code: ActivityErrorCode.invalidPropertyValue)
        }
        let properties = LinkedServiceProperties(service)
        name = service.name
        guard let endpoint = try properties.string("mlEndpoint") else {
            throw .missingProperty("\(properties.reader.path).mlEndpoint")
        }
        mlEndpoint = endpoint
        guard let key = try properties.secret("apiKey") else {
            throw .missingProperty("\(properties.reader.path).apiKey")
        }
        guard key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw .invalidProperty(
                "\(properties.reader.path).apiKey", "the key contains a line break or another control character")
        }
        apiKey = key
        updateResourceEndpoint = try properties.string("updateResourceEndpoint")
        path = properties.reader.path
    }

    /// The Batch Execution endpoint.
    func batchEndpoint() throws(ActivityFailure) -> BatchEndpoint {
        do throws(BatchEndpoint.Problem) {
            return try BatchEndpoint(mlEndpoint: mlEndpoint)
        } catch {
            throw .invalidProperty("\(path).mlEndpoint", error.description)
        }
    }
}
