import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The job lifecycle as a pure state machine.
@Suite(.tags(.small))
struct BatchJobTests {
    static func makeJob() throws -> BatchJob {
        let configuration = EmulatorConfiguration(
            webServices: [
                WebServiceConfiguration(
                    name: "S", operation: .copy, inputs: ["input1"], outputs: ["output1": .dataset],
                    endpoints: [EndpointConfiguration(name: "default", serviceId: "svc", apiKey: "k")]
                )
            ]
        )
        let catalog = try EmulatorCatalog(configuration)
        let service = try #require(catalog.webServices.first)
        let plan = JobPlan(
            service: service, endpoint: service.endpoints[0],
            input: .port(
                name: "input1", location: BlobLocation(account: "devstoreaccount1", container: "data", path: "a.csv")),
            outputs: [], globalParameters: [:]
        )
        return BatchJob(id: "j1", serviceId: "svc", plan: plan, createdAt: Date())
    }

    @Test func startsOnceThenFinishes() throws {
        var job = try Self.makeJob()
        #expect(job.state == .notStarted)
        try job.start(at: Date())
        #expect(job.state == .running)
        #expect(throws: AzureMLServiceError.cannotStartJob(state: .running)) { try job.start(at: Date()) }
        job.finish(results: [:], at: Date())
        #expect(job.state == .finished)
        #expect(job.results == [:])
        #expect(throws: AzureMLServiceError.cannotStartJob(state: .finished)) { try job.start(at: Date()) }
    }

    @Test func deleteCancelsAJobThatHasNotEnded() throws {
        var notStarted = try Self.makeJob()
        #expect(notStarted.delete(at: Date()) == .cancelled)
        #expect(notStarted.state == .cancelled)
        var running = try Self.makeJob()
        try running.start(at: Date())
        #expect(running.delete(at: Date()) == .cancelled)
        // Work that completes after the cancel does not resurrect the job.
        running.finish(results: [:], at: Date())
        #expect(running.state == .cancelled)
        #expect(running.results == nil)
    }

    @Test func deleteRemovesAnEndedJob() throws {
        var job = try Self.makeJob()
        try job.start(at: Date())
        job.fail(details: "boom", at: Date())
        #expect(job.state == .failed)
        #expect(job.details == "boom")
        #expect(job.delete(at: Date()) == .remove)
    }

    @Test func cannotStartJobUsesTheDocumentedMessage() {
        let error = AzureMLServiceError.cannotStartJob(state: .finished)
        #expect(error.status == .badRequest)
        #expect(error.category == .invalidOperation)
        #expect(error.detailMessage == "The job cannot be started because it is in Finished state.")
    }
}
