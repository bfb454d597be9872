import Foundation
import Hummingbird
import Logging
import NIOCore

/// The classic Update Resource API: `…/workspaces/{ws}/webservices/{webServiceId}/endpoints/{name}`.
/// `PATCH` with `{"Resources":[{"Name":…,"Location":{BaseLocation,RelativeLocation,SasBlobToken}}]}`
/// replaces a non-default endpoint's trained model (reference/adf.md §4.2); `GET` describes the endpoint
/// with its `Resources` (shape of azuremlps `WebServiceEndPoint`).
struct UpdateResourceRoutes: Sendable {
    let services: EmulatorServices

    /// The `Kind` reported for trained-model resources.
    static let trainedModelKind = "TrainedModel"

    func register(on router: Router<EmulatorRequestContext>) {
        let endpoint = router.group("workspaces/:workspaceId/webservices/:webServiceId/endpoints/:endpointName")
        endpoint.get(use: describe)
        endpoint.patch(use: update)
    }

    @Sendable func describe(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (service, endpoint) = try await admit(request, context: context)
        var resources: [WireJSON] = []
        if let resource = service.configuration.trainedModel {
            let installed = await services.models.current(for: endpoint.serviceId)
            resources.append(
                .object([
                    ("Name", .string(resource.resourceName)),
                    ("Kind", .string(Self.trainedModelKind)),
                    ("Location", installed?.location.map { services.resultLocation($0) } ?? .null),
                ])
            )
        }
        return .json(
            .object([
                ("Name", .string(endpoint.name)),
                ("Description", .string(service.name)),
                ("WebServiceId", .string(service.id)),
                ("WorkspaceId", .string(services.catalog.workspaceId)),
                ("IsDefault", .bool(endpoint.isDefault)),
                (
                    "ApiLocation",
                    .string(
                        "\(services.baseURL)/workspaces/\(services.catalog.workspaceId)/services/\(endpoint.serviceId)")
                ),
                ("MaxConcurrentCalls", .number(20)),
                ("ThrottleLevel", .string("Low")),
                ("DiagnosticsTraceLevel", .string("None")),
                ("Resources", .array(resources)),
            ])
        )
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (service, endpoint) = try await admit(request, context: context)
        guard let resource = service.configuration.trainedModel else {
            throw AzureMLServiceError.noUpdatableResources()
        }
        guard !endpoint.isDefault else { throw AzureMLServiceError.defaultEndpointNotUpdatable(endpoint.name) }
        let body = try await request.body.collect(upTo: 1 << 20)
        let updates = try ResourceUpdateRequest.parse(WireJSON.parse(Data(body.readableBytesView)))
        let now = Date()
        var staged: [(TrainedModel, BlobLocation)] = []
        for update in updates.resources {
            guard update.name == resource.resourceName else {
                throw AzureMLServiceError.updatableResourceNotFound(update.name, available: [resource.resourceName])
            }
            staged.append(try loadModel(update.location))
        }
        let effective = now.addingTimeInterval(service.configuration.modelSwitchDelay?.timeInterval ?? 0)
        for (model, source) in staged {
            // Keep the emulator's own copy, as Azure ML copied the model into its storage.
            let copy = BlobLocation(
                account: services.catalog.defaultAccount, container: "trainedmodels",
                path: "\(service.id)/\(endpoint.name)/\(ServiceIdentifiers.newJobId()).ilearner"
            )
            do {
                try services.store.write(model.encoded(), to: copy)
            } catch {
                services.logger.warning("could not keep a copy of the model from \(source): \(error)")
            }
            await services.models.install(model, for: endpoint.serviceId, effectiveAt: effective, location: copy)
        }
        return .emptyOK
    }

    /// Reads and decodes the `.ilearner` a resource location points at.
    private func loadModel(_ reference: BlobReference) throws -> (TrainedModel, BlobLocation) {
        let name = reference.displayName
        guard (name as NSString).pathExtension.lowercased() == "ilearner" else {
            throw AzureMLServiceError.invalidBlobExtension(name, supported: [".ilearner"])
        }
        let location = try services.resolver.resolve(reference, for: .read)
        let data: Data
        do throws(StorageError) {
            data = try services.store.read(location)
        } catch {
            throw AzureMLServiceError.blobNotFound(name, azureMessage: error.fullMessage)
        }
        do {
            return (try TrainedModel.decode(data), location)
        } catch let error as DecodingError {
            throw AzureMLServiceError.invalidTrainedModel(
                name, problem: ConfigurationError(decoding: error, file: nil).description)
        }
    }

    /// Injects faults, then checks workspace, web service, endpoint and key (the endpoint's API key or the
    /// workspace authorization token).
    private func admit(_ request: Request, context: EmulatorRequestContext) async throws
        -> (CatalogWebService, CatalogEndpoint)
    {
        let service = context.parameters.get("webServiceId").flatMap(services.catalog.webService(id:))
        let endpointName = context.parameters.get("endpointName") ?? ""
        try await services.faults.applyRequestFaults(
            service?.faults ?? services.catalog.faults, endpoint: endpointName, channel: context.channel
        )
        guard context.parameters.get("workspaceId")?.lowercased() == services.catalog.workspaceId.lowercased() else {
            throw AzureMLServiceError.workspaceNotFound()
        }
        guard let service else { throw AzureMLServiceError.webServiceNotFound() }
        guard let endpoint = service.endpoint(named: endpointName) else {
            throw AzureMLServiceError.endpointNotFound(endpointName)
        }
        let accepted = [endpoint.apiKey] + (services.catalog.workspaceAuthorizationToken.map { [$0] } ?? [])
        guard BearerAuthorization.presents(request, anyOf: accepted) else {
            throw AzureMLServiceError.managementRequestUnauthorized()
        }
        return (service, endpoint)
    }
}

/// The body of an Update Resource PATCH.
struct ResourceUpdateRequest: Sendable, Equatable {
    struct Update: Sendable, Equatable {
        let name: String
        let location: BlobReference
    }

    let resources: [Update]

    static func parse(_ body: WireJSON?) throws(AzureMLServiceError) -> ResourceUpdateRequest {
        guard let body, case .array(let items)? = body[property: "Resources"], !items.isEmpty else {
            throw .requestBodyInvalid(
                "The body must be {\"Resources\":[{\"Name\":…,\"Location\":{…}}]} with at least one resource.")
        }
        var updates: [Update] = []
        for (index, item) in items.enumerated() {
            guard let name = item[property: "Name"]?.stringValue, !name.isEmpty else {
                throw .requestBodyInvalid("Resources[\(index)].Name must be the trained model resource name.")
            }
            guard let locationJSON = item[property: "Location"], let location = BlobReference(locationJSON) else {
                throw .requestBodyInvalid(
                    "Resources[\(index)].Location must be an object (BaseLocation, RelativeLocation, SasBlobToken).")
            }
            updates.append(Update(name: name, location: location))
        }
        return ResourceUpdateRequest(resources: updates)
    }
}
