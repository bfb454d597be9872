/// One endpoint of a web service: its own Batch Execution URL (`…/services/<serviceId>/jobs`), its own
/// API key, and, for scoring services, its own current model.
public struct EndpointConfiguration: Sendable, Hashable, Codable {
    /// The endpoint name; `"default"` is the endpoint Azure ML creates with the service.
    public var name: String
    /// The id in the endpoint's Batch Execution URL (32 hex digits in Azure). Default: derived from the
    /// web service and endpoint names.
    public var serviceId: String?
    /// The key clients send as `Authorization: Bearer <apiKey>`.
    public var apiKey: String
    /// Whether this is the service's default endpoint, whose trained model can't be replaced.
    /// Default: `name == "default"`.
    public var isDefault: Bool?

    /// Declares an endpoint.
    public init(name: String, serviceId: String? = nil, apiKey: String, isDefault: Bool? = nil) {
        self.name = name
        self.serviceId = serviceId
        self.apiKey = apiKey
        self.isDefault = isDefault
    }

    /// Whether this endpoint is its service's default endpoint.
    public var isDefaultEndpoint: Bool { isDefault ?? (name == "default") }
}
