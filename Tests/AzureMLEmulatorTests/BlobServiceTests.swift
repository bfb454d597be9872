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
                .put,
                Self.path(
                    "uploads/in put.csv",
                    EmulatorFixture.sas(container: "uploads", blob: "in put.csv", permissions: "w")),
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
            #expect(
                try await session.send(.delete, Self.path("uploads/in%20put.csv", deleteToken), [:], nil).status == 202)
            let gone = try await session.send(.get, Self.path("uploads/in%20put.csv", read), [:], nil)
            #expect(gone.status == 404)
            #expect(gone.headers["x-ms-error-code"] == "BlobNotFound")
            #expect(gone.body.contains("<Code>BlobNotFound</Code><Message>The specified blob does not exist."))
        }
    }

    @Test(arguments: Transport.allCases)
    func rangedDownloadsAnswerPartialContent(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let read = EmulatorFixture.sas(container: "data", blob: "train.csv", permissions: "r")
            let whole = try session.fixture.readBlob("acct1", "data/train.csv")
            // The Storage SDKs' first download request.
            let first = try await session.send(
                .get, Self.path("data/train.csv", read), ["x-ms-range": "bytes=0-33554431"], nil)
            #expect(first.status == 206)
            #expect(first.headers["content-range"] == "bytes 0-\(whole.utf8.count - 1)/\(whole.utf8.count)")
            #expect(first.body == whole)
            let middle = try await session.send(.get, Self.path("data/train.csv", read), ["Range": "bytes=3-5"], nil)
            #expect(middle.status == 206)
            #expect(middle.body == String(whole.dropFirst(3).prefix(3)))
            let beyond = try await session.send(
                .get, Self.path("data/train.csv", read), ["Range": "bytes=100000-"], nil)
            #expect(beyond.status == 416)
            #expect(beyond.headers["x-ms-error-code"] == "InvalidRange")
        }
    }

    @Test(arguments: Transport.allCases)
    func sharedKeyRequestsUploadAndDownload(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            func signed(_ method: String, _ path: String, _ extra: [(String, String)]) -> [String: String] {
                let date = SASTime.httpDate(Date())
                var headers = [("x-ms-date", date), ("x-ms-version", "2022-11-02")] + extra
                let text = SharedKeyAuthorization.stringToSign(
                    method: method, headers: headers, account: "acct1", path: path, query: "")
                let signature =
                    BlobSharedAccessSignature.signature(of: text, accountKey: EmulatorFixture.acct1Key) ?? ""
                headers.append(("Authorization", "SharedKey acct1:\(signature)"))
                return Dictionary(uniqueKeysWithValues: headers)
            }
            let content = "k,v\n1,2\n"
            let put = try await session.send(
                .put, "/blob/acct1/uploads/sk.csv",
                signed(
                    "PUT", "/blob/acct1/uploads/sk.csv",
                    [("x-ms-blob-type", "BlockBlob"), ("Content-Length", "\(content.utf8.count)")]),
                content
            )
            #expect(put.status == 201, "\(put.body)")
            let get = try await session.send(
                .get, "/blob/acct1/uploads/sk.csv", signed("GET", "/blob/acct1/uploads/sk.csv", []), nil)
            #expect(get.status == 200)
            #expect(get.body == content)
            var forged = signed("GET", "/blob/acct1/uploads/sk.csv", [])
            forged["Authorization"] = "SharedKey acct1:" + Data(repeating: 7, count: 32).base64EncodedString()
            let refused = try await session.send(.get, "/blob/acct1/uploads/sk.csv", forged, nil)
            #expect(refused.status == 403)
            #expect(
                refused.body.contains(
                    "The MAC signature found in the HTTP request is not the same as any computed signature."))
            #expect(!refused.body.contains(EmulatorFixture.acct1Key))
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
                path = Self.path(
                    "data/train.csv",
                    EmulatorFixture.sas(
                        key: EmulatorFixture.acct2Key, container: "data", blob: "train.csv", permissions: "r"))
                expected = (403, "AuthenticationFailed")
            case .readOnlyPut:
                method = "PUT"
                expected = (403, "AuthorizationPermissionMismatch")
            case .expired:
                path = Self.path(
                    "data/train.csv",
                    EmulatorFixture.sas(
                        container: "data", blob: "train.csv", permissions: "r", expiry: Date().addingTimeInterval(-60))
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
