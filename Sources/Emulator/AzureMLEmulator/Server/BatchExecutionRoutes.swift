import Foundation
import Hummingbird
import NIOCore

/// The Batch Execution Service: `…/workspaces/{ws}/services/{serviceId}/jobs` with submit (`POST`),
/// start (`POST …/{jobId}/start`), status (`GET …/{jobId}`) and cancel/delete (`DELETE …/{jobId}`),
/// each with `?api-version=2.0` and `Authorization: Bearer <endpoint key>` (reference/adf.md §3.3).
struct BatchExecutionRoutes: Sendable {
    let services: EmulatorServices

    /// The one `api-version` the classic Batch Execution Service accepts.
    static let apiVersion = "2.0"

    func register(on router: Router<EmulatorRequestContext>) {
        let jobs = router.group("workspaces/:workspaceId/services/:serviceId/jobs")
        jobs.post(use: submit)
        jobs.post(":jobId/start", use: start)
        jobs.get(":jobId", use: status)
        jobs.delete(":jobId", use: delete)
    }

    @Sendable func submit(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (service, endpoint) = try await admit(request, context: context)
        let body = try await request.body.collect(upTo: 1 << 20)
        let parsed = try BatchExecutionRequest.parse(WireJSON.parse(Data(body.readableBytesView)))
        let plan = try services.planner.plan(parsed, service: service, endpoint: endpoint)
        let id = await services.jobs.submit(plan)
        return .json(.string(id))
    }

    @Sendable func start(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (service, endpoint) = try await admit(request, context: context)
        let id = try jobId(context)
        try await services.jobs.start(
            id, serviceId: endpoint.serviceId, duration: service.jobDuration,
            injectedFailure: services.faults.injectedJobFailure(service.faults)
        )
        return .emptyOK
    }

    @Sendable func status(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (_, endpoint) = try await admit(request, context: context)
        let job = try await services.jobs.job(try jobId(context), serviceId: endpoint.serviceId)
        return .json(statusBody(job))
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let (_, endpoint) = try await admit(request, context: context)
        try await services.jobs.delete(try jobId(context), serviceId: endpoint.serviceId)
        return .emptyOK
    }

    /// `BatchScoreStatus`: `StatusCode`, `Results` (only when `Finished`), `Details`, plus the optional
    /// `CreatedAt`, `StartTime` and `EndTime` extras (reference/adf.md §3.3: clients must not need them).
    func statusBody(_ job: BatchJob, now: Date = Date()) -> WireJSON {
        var results: WireJSON = .null
        if job.state == .finished, let outputs = job.results {
            results = .object(
                outputs.sorted { $0.key < $1.key }.map { ($0.key, services.resultLocation($0.value, now: now)) })
        }
        return .object([
            ("StatusCode", .string(job.state.rawValue)),
            ("Results", results),
            ("Details", .optional(job.details)),
            ("CreatedAt", .string(SASTime.format(job.createdAt))),
            ("StartTime", .optional(job.startedAt.map(SASTime.format))),
            ("EndTime", .optional(job.endedAt.map(SASTime.format))),
        ])
    }

    /// Injects configured faults, then checks workspace, service, key and api-version, in that order.
    private func admit(_ request: Request, context: EmulatorRequestContext) async throws
        -> (CatalogWebService, CatalogEndpoint)
    {
        let serviceId = context.parameters.get("serviceId") ?? ""
        let found = services.catalog.endpoint(serviceId: serviceId)
        try await services.faults.applyRequestFaults(
            found?.0.faults ?? services.catalog.faults, endpoint: serviceId, channel: context.channel
        )
        guard context.parameters.get("workspaceId")?.lowercased() == services.catalog.workspaceId.lowercased() else {
            throw AzureMLServiceError.workspaceNotFound()
        }
        guard let found else { throw AzureMLServiceError.webServiceNotFound() }
        guard BearerAuthorization.presents(request, anyOf: [found.1.apiKey]) else {
            throw AzureMLServiceError.scoreRequestUnauthorized()
        }
        let version = request.uri.queryParameters["api-version"].map(String.init)
        guard version == Self.apiVersion else { throw AzureMLServiceError.badVersionCall(version) }
        return found
    }

    private func jobId(_ context: EmulatorRequestContext) throws(AzureMLServiceError) -> String {
        guard let id = context.parameters.get("jobId"), !id.isEmpty else { throw .missingJobId() }
        return id
    }
}
