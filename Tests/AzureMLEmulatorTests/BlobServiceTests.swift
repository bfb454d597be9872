import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The emulator's blob endpoint: service-SAS authorized Put, Get, Get Properties and Delete Blob, with
/// Azure Storage's XML errors.
@Suite(.tags(.medium))
struct BlobServiceTests {
    static func path(_ relative: String, _ token: String) -> String { "/blob/acct1/\(relative)\(token)" }

    @Test(arguments: Transport.allCases)
    func putGetHeadDelete(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let content = "a,b\n1,2\n"
            let put = try await session.send(
                .put, Self.path("uploads/in put.csv", EmulatorFixture.sas(container: "uploads", blob: "in put.csv", permissions: "w")),
                ["x-ms-blob-type": "BlockBlob"], content
            )
            #expect(put.status == 201, "\(put.body)")
            #expect(put.headers["etag"] != nil)
            #expect(try session.fixture.readBlob("acct1", "uploads/in put.csv") == content)

            let read = EmulatorFixture.sas(container: "uploads", blob: "in put.csv", permissions: "r")
            let get = try await session.send(.get, Self.path("uploads/in%20put.csv", read), [:], nil)
            #expect(get.status == 200)
            #expect(get.body == content)
            #expect(get.headers["x-ms-blob-type"] == "BlockBlob")

            let head = try await session.send(.head, Self.path("uploads/in%20put.csv", read), [:], nil)
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == String(content.utf8.count))

            let deleteToken = EmulatorFixture.sas(container: "uploads", blob: nil, permissions: "rd", resource: "c")
            #expect(try await session.send(.delete, Self.path("uploads/in%20put.csv", deleteToken), [:], nil).status == 202)
            let gone = try await session.send(.get, Self.path("uploads/in%20put.csv", read), [:], nil)
            #expect(gone.status == 404)
            #expect(gone.headers["x-ms-error-code"] == "BlobNotFound")
            #expect(gone.body.contains("<Code>BlobNotFound</Code><Message>The specified blob does not exist."))
        }
    }

    enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case noSignature, tamperedSignature, wrongKey, readOnlyPut, expired, otherBlob, unknownAccount, traversal
        var testDescription: String { rawValue }
    }

    @Test(arguments: Transport.allCases, Refusal.allCases)
    func refusedRequests(transport: Transport, refusal: Refusal) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let good = EmulatorFixture.sas(container: "data", blob: "train.csv", permissions: "r")
            var method = "GET"
            var path = Self.path("data/train.csv", good)
            let expected: (Int, String)
            switch refusal {
            case .noSignature:
                path = Self.path("data/train.csv", "")
                expected = (403, "AuthenticationFailed")
            case .tamperedSignature:
                path = Self.path("data/train.csv", good.replacingOccurrences(of: "sr=b", with: "sr=c"))
                expected = (403, "AuthenticationFailed")
            case .wrongKey:
                path = Self.path("data/train.csv", EmulatorFixture.sas(key: EmulatorFixture.acct2Key, container: "data", blob: "train.csv", permissions: "r"))
                expected = (403, "AuthenticationFailed")
            case .readOnlyPut:
                method = "PUT"
                expected = (403, "AuthorizationPermissionMismatch")
            case .expired:
                path = Self.path(
                    "data/train.csv",
                    EmulatorFixture.sas(container: "data", blob: "train.csv", permissions: "r", expiry: Date().addingTimeInterval(-60))
                )
                expected = (403, "AuthenticationFailed")
            case .otherBlob:
                path = Self.path("data/score.csv", good)
                expected = (403, "AuthenticationFailed")
            case .unknownAccount:
                path = "/blob/nosuchaccount/data/train.csv" + good
                expected = (404, "ResourceNotFound")
            case .traversal:
                path = Self.path("data/%2E%2E/%2E%2E/emulator.json", good)
                expected = (400, "InvalidResourceName")
            }
            let reply = try await session.send(method == "PUT" ? .put : .get, path, [:], method == "PUT" ? "x" : nil)
            #expect(reply.status == expected.0, "\(reply.body)")
            #expect(reply.headers["x-ms-error-code"] == expected.1)
            #expect(reply.body.contains("<Code>\(expected.1)</Code>"))
            #expect(try session.fixture.readBlob("acct1", "data/train.csv").hasPrefix("x1,x2,y"))
        }
    }
}
