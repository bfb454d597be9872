import Foundation
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// Shared Key, checked against requests that Microsoft's `azure-storage-blob` 12.31.1 Python SDK
/// (`SharedKeyCredentialPolicy`) signed with the same key.
@Suite(.tags(.small))
struct SharedKeyAuthorizationTests {
    static let account = StorageAccount(
        name: "acct1", key: SharedAccessSignatureTests.key, folder: URL(fileURLWithPath: "/nonexistent"))
    static let requestTime = Date(timeIntervalSince1970: 1_704_067_200)  // Mon, 01 Jan 2024 00:00:00 GMT
    static let putHeaders = [
        ("x-ms-date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("x-ms-version", "2026-10-06"), ("x-ms-blob-type", "BlockBlob"),
        ("Content-Length", "8"), ("Content-Type", "application/octet-stream"), ("x-ms-client-request-id", "abc"),
    ]
    static let getHeaders = [
        ("x-ms-date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("x-ms-version", "2026-10-06"),
        ("x-ms-range", "bytes=0-33554431"),
    ]

    @Test func stringToSignMatchesTheSDK() {
        let put = SharedKeyAuthorization.stringToSign(
            method: "PUT", headers: Self.putHeaders, account: "acct1", path: "/blob/acct1/data/in%20put.csv",
            query: "timeout=30"
        )
        #expect(
            put
                == "PUT\n\n\n8\n\napplication/octet-stream\n\n\n\n\n\n\nx-ms-blob-type:BlockBlob\nx-ms-client-request-id:abc\n"
                + "x-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-version:2026-10-06\n/acct1/blob/acct1/data/in%20put.csv\ntimeout:30"
        )
        let get = SharedKeyAuthorization.stringToSign(
            method: "GET", headers: Self.getHeaders, account: "acct1", path: "/blob/acct1/data/train.csv", query: ""
        )
        #expect(
            get
                == "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-range:bytes=0-33554431\n"
                + "x-ms-version:2026-10-06\n/acct1/blob/acct1/data/train.csv"
        )
    }

    @Test func theSDKSignaturesAreAccepted() throws {
        try SharedKeyAuthorization.authorize(
            authorization: "SharedKey acct1:ld+UPvr/b6FyapPvlS4/AHc7co7bhSLZC7+gJNDrK0s=", method: "PUT",
            headers: Self.putHeaders, account: Self.account, path: "/blob/acct1/data/in%20put.csv", query: "timeout=30",
            now: Self.requestTime
        )
        try SharedKeyAuthorization.authorize(
            authorization: "SharedKey acct1:n1OuYwAUmXkYpvlkFGX1yV7oNjPRrLVjd6HRyAIGk0k=", method: "GET",
            headers: Self.getHeaders, account: Self.account, path: "/blob/acct1/data/train.csv", query: "",
            now: Self.requestTime.addingTimeInterval(60)
        )
    }

    @Test func anyChangeToTheRequestBreaksTheSignature() {
        #expect(throws: StorageError.self) {
            try SharedKeyAuthorization.authorize(
                authorization: "SharedKey acct1:n1OuYwAUmXkYpvlkFGX1yV7oNjPRrLVjd6HRyAIGk0k=", method: "GET",
                headers: Self.getHeaders, account: Self.account, path: "/blob/acct1/data/other.csv", query: "",
                now: Self.requestTime
            )
        }
    }

    @Test func staleDatesAndOtherAccountsAreRefused() {
        let stale = authorizationError(now: Self.requestTime.addingTimeInterval(3600))
        #expect(stale?.authenticationDetail?.hasPrefix("Request date header too old") == true)
        let other = authorizationError(authorization: "SharedKey acct2:n1OuYwAUmXkYpvlkFGX1yV7oNjPRrLVjd6HRyAIGk0k=")
        #expect(other?.code == "AuthenticationFailed")
    }

    @Test func queryParametersAreCanonicalizedSortedAndDecoded() {
        let text = SharedKeyAuthorization.stringToSign(
            method: "GET", headers: [], account: "a", path: "/c",
            query: "restype=container&comp=list&include=snapshots&include=metadata&prefix=a%2Fb"
        )
        #expect(text.hasSuffix("/a/c\ncomp:list\ninclude:metadata,snapshots\nprefix:a/b\nrestype:container"))
    }

    private func authorizationError(
        authorization: String = "SharedKey acct1:n1OuYwAUmXkYpvlkFGX1yV7oNjPRrLVjd6HRyAIGk0k=",
        now: Date = SharedKeyAuthorizationTests.requestTime
    ) -> StorageError? {
        do {
            try SharedKeyAuthorization.authorize(
                authorization: authorization, method: "GET", headers: Self.getHeaders, account: Self.account,
                path: "/blob/acct1/data/train.csv", query: "", now: now
            )
            return nil
        } catch {
            return error
        }
    }
}
