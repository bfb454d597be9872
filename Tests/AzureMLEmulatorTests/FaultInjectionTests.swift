import AsyncHTTPClient
import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// Injected faults are observable by a client.
@Suite(.tags(.medium))
struct FaultInjectionTests {
    static let body = RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])

    @Test(arguments: Transport.allCases)
    func a503RateOfOneRefusesEveryCall(transport: Transport) async throws {
        try await EmulatorSession.run("faults", over: transport) { session in
            for _ in 0..<5 {
                let reply = try await session.submit("f5030000000000000000000000000001", key: "k503", body: Self.body)
                #expect(reply.status == 503)
                #expect(reply.errorCode == "ServiceUnavailable")
                #expect(reply.detailCode == "TooManyConcurrentRequests")
                #expect(reply.headers["retry-after"] == "1")
            }
        }
    }

    @Test(arguments: Transport.allCases)
    func injected429sAreThrottling(transport: Transport) async throws {
        try await EmulatorSession.run("faults", over: transport) { session in
            let reply = try await session.submit("f4290000000000000000000000000001", key: "k429", body: Self.body)
            #expect(reply.status == 429)
            #expect(reply.detailCode == "RequestThrottled")
        }
    }

    @Test(arguments: Transport.allCases)
    func aHalfRateFailsSomeCallsAndServesOthers(transport: Transport) async throws {
        try await EmulatorSession.run("faults", over: transport) { session in
            var statuses: [Int] = []
            for _ in 0..<40 {
                statuses.append(
                    try await session.submit("f5000000000000000000000000000001", key: "k500", body: Self.body).status)
            }
            #expect(Set(statuses) == [200, 500])
        }
    }

    @Test(arguments: Transport.allCases)
    func aJobConfiguredToFailEndsFailed(transport: Transport) async throws {
        try await EmulatorSession.run("faults", over: transport) { session in
            let final = try await session.runJob("fail0000000000000000000000000001", key: "kfail", body: Self.body)
            #expect(final[property: "StatusCode"] == "Failed")
            #expect(final[property: "Details"]?.stringValue?.contains("Injected failure") == true)
        }
    }

    @Test func droppedConnectionsGetNoAnswer() async throws {
        try await EmulatorSession.run("faults", over: .live) { session in
            do {
                let reply = try await session.submit("drop0000000000000000000000000001", key: "kdrop", body: Self.body)
                Issue.record("expected the connection to drop, got \(reply.status)")
            } catch {
                #expect(error is HTTPClientError, "\(error)")
            }
            // The server itself keeps serving.
            let listing = try await session.send(.get, "/emulator/endpoints", [:], nil)
            #expect(listing.status == 200)
        }
    }
}
