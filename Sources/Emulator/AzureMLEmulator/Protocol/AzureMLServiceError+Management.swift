/// Errors of the Update Resource API and of injected faults. Where Microsoft documented no detail
/// code, the code is the emulator's own and marked [INF] in docs/azureml-emulator.md.
extension AzureMLServiceError {
    /// [INF] PATCH on a default endpoint: "the default endpoint cannot be replaced" (retrain-classic-web-service).
    static func defaultEndpointNotUpdatable(_ endpoint: String) -> Self {
        Self(
            category: .invalidOperation,
            detailCode: "DefaultEndpointNotUpdatable",
            detailMessage: "The resources of the default endpoint '\(endpoint)' cannot be updated. "
                + "Add a non-default endpoint to the web service and update that endpoint."
        )
    }

    /// [INF] PATCH on a web service without a trained-model resource (a training service); the message is
    /// the one its help page showed.
    static func noUpdatableResources() -> Self {
        Self(
            category: .invalidOperation,
            detailCode: "NoUpdatableResources",
            detailMessage: "This Web Service has no updatable resources."
        )
    }

    /// [INF] `Resources[].Name` names no updatable resource of the endpoint.
    static func updatableResourceNotFound(_ name: String, available: [String]) -> Self {
        Self(
            category: .badArgument,
            detailCode: "UpdatableResourceNotFound",
            detailMessage: "No updatable resource named '\(name)' exists on this endpoint. Updatable resources: "
                + available.map { "'\($0)'" }.joined(separator: ", ") + "."
        )
    }

    /// [INF] The blob a PATCH points at is not a model the web service can load.
    static func invalidTrainedModel(_ reference: String, problem: String) -> Self {
        Self(
            category: .badArgument,
            detailCode: "InvalidTrainedModel",
            detailMessage: "The blob \(reference) is not a trained model this web service can load: \(problem)"
        )
    }

    /// An injected 429, 500 or 503.
    static func injected(status: Int, endpoint: String) -> Self {
        switch status {
        case 429:
            Self(
                category: .tooManyRequests, detailCode: "RequestThrottled",
                detailMessage:
                    "Request was throttled for \(endpoint) endpoint. The maximum concurrency for the endpoint is 1.",
                retryAfterSeconds: 1
            )
        case 500:
            Self(category: .internalError, detailCode: "UnknownError", detailMessage: "Unknown error.")
        default:
            Self(
                category: .serviceUnavailable, detailCode: "TooManyConcurrentRequests",
                detailMessage: "Too many concurrent requests sent.", retryAfterSeconds: 1
            )
        }
    }
}
