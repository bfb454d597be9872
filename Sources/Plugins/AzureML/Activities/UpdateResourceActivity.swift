import PluginKit

/// `AzureMLUpdateResource`: installs a retrained model on an updatable scoring endpoint with one
/// `PATCH` of the linked service's `updateResourceEndpoint` (reference/adf.md §4.2).
struct UpdateResourceActivity: Sendable {
    let client: ServiceClient
    let sasLifetime: Duration

    func run(_ call: ActivityCall<JSONValue>) async throws -> JSONValue {
        let clock = ContinuousClock()
        let began = clock.now
        let service = try AzureMLLinkedService(call.invocation)
        let endpoint = try Self.updateEndpoint(service)
        let request = try UpdateResourceRequest(
            typeProperties: call.invocation.typeProperties, linkedServices: call.invocation.linkedServices,
            sasLifetime: sasLifetime)
        let failures = ServiceFailures(
            operation: .updateResource, endpoint: ServiceURL.withoutQuery(endpoint),
            scrubber: SecretScrubber([service.apiKey] + request.secrets))

        let patched = try await client.sendRetrying(
            .patch, endpoint, apiKey: service.apiKey, body: request.json, failures: failures,
            log: { call.log(.warning, $0) })
        guard patched.response.isSuccess else { throw failures.response(patched.response, attempts: patched.attempts) }
        call.log(
            .info,
            "updated resource '\(request.trainedModelName)' of \(failures.endpoint) with \(request.relativeLocation)")
        return ActivityOutputEnvelope.make(
            executionSeconds: (clock.now - began).components.seconds,
            [
                ("trainedModelName", .string(request.trainedModelName)),
                (
                    "location",
                    [
                        "baseLocation": .string(request.baseLocation),
                        "relativeLocation": .string(request.relativeLocation),
                    ]
                ),
            ])
    }

    /// The linked service's `updateResourceEndpoint`, which must be a classic endpoint URL.
    static func updateEndpoint(_ service: AzureMLLinkedService) throws(ActivityFailure) -> String {
        let path = "\(service.path).updateResourceEndpoint"
        guard let endpoint = service.updateResourceEndpoint else {
            throw .userError(
                "Linked service '\(service.name)' has no updateResourceEndpoint. AzureMLUpdateResource needs the Update Resource URL of a non-default endpoint of the predictive web service (https://management.azureml.net/workspaces/<workspace>/webservices/<web service>/endpoints/<endpoint>) in the linked service's typeProperties.updateResourceEndpoint.",
                code: ActivityErrorCode.missingRequiredProperty)
        }
        guard ServiceURL.isHTTP(endpoint) else {
            throw .invalidProperty(path, "expected an http or https URL")
        }
        // ARM ("new") web services need an Azure AD token for a service principal, which this
        // plugin does not obtain; say so rather than send a request that cannot succeed.
        if endpoint.lowercased().contains("/providers/microsoft.machinelearning/") {
            throw .invalidProperty(
                path,
                "this is an Azure Resource Manager web service, which needs service principal authentication; pipehost supports the classic Update Resource endpoint (…/workspaces/<workspace>/webservices/<web service>/endpoints/<endpoint>)")
        }
        return endpoint
    }
}
