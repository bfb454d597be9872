import Hummingbird

/// `GET /` and `GET /emulator/endpoints`: what the emulator serves and at which URLs (never keys), so a
/// person or a script can find each endpoint's Batch Execution and Update Resource URL.
struct CatalogRoutes: Sendable {
    let services: EmulatorServices

    func register(on router: Router<EmulatorRequestContext>) {
        router.get(use: listing)
        router.get("emulator/endpoints", use: listing)
    }

    @Sendable func listing(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let counts = await services.jobs.counts()
        let catalog = services.catalog
        let webServices: [WireJSON] = catalog.webServices.map { service in
            let configuration = service.configuration
            return .object([
                ("name", .string(service.name)),
                ("id", .string(service.id)),
                ("operation", .string(configuration.operation.rawValue)),
                ("inputs", .array(configuration.inputs.map(WireJSON.string))),
                (
                    "outputs",
                    .object(
                        configuration.outputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })
                ),
                ("globalParameters", .array(configuration.globalParameters.keys.sorted().map(WireJSON.string))),
                ("trainedModelResource", .optional(configuration.trainedModel?.resourceName)),
                ("jobDuration", .string(service.jobDuration.description)),
                (
                    "endpoints",
                    .array(
                        service.endpoints.map { endpoint in
                            .object([
                                ("name", .string(endpoint.name)),
                                ("isDefault", .bool(endpoint.isDefault)),
                                ("serviceId", .string(endpoint.serviceId)),
                                ("batchExecutionURL", .string(services.batchExecutionURL(endpoint))),
                                ("updateResourceURL", .string(services.updateResourceURL(endpoint))),
                            ])
                        }
                    )
                ),
            ])
        }
        let accounts: [WireJSON] = catalog.store.accounts.keys.sorted().map { name in
            .object([("name", .string(name)), ("blobEndpoint", .string(services.blobEndpoint(account: name)))])
        }
        let jobs: [(String, WireJSON)] = BatchJobState.allCases.map { ($0.rawValue, .number(Double(counts[$0] ?? 0))) }
        return .json(
            .object([
                ("baseURL", .string(services.baseURL)),
                ("workspaceId", .string(catalog.workspaceId)),
                ("webServices", .array(webServices)),
                ("storageAccounts", .array(accounts)),
                ("jobs", .object(jobs)),
            ])
        )
    }
}
