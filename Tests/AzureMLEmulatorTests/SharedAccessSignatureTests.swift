import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The service SAS rules, checked against tokens that Microsoft's own `azure-storage-blob` Python SDK
/// (12.31.1, `generate_blob_sas` / `generate_container_sas`) produced for the same key and fields.
@Suite(.tags(.small))
struct SharedAccessSignatureTests {
    static let key = "dGVzdC1hY2NvdW50LWtleS1mb3ItcGlwZWhvc3QtZW11bGF0b3ItMDEyMzQ1Njc4OQ=="
    static let account = StorageAccount(name: "acct1", key: key, folder: URL(fileURLWithPath: "/nonexistent"))
    /// `generate_blob_sas("acct1", "data", "in/train.csv", permission="r", start=2024-01-01T00:00:00Z,
    /// expiry=2030-01-02T03:04:05Z, protocol="https,http")`.
    static let sdkBlobToken =
        "st=2024-01-01T00%3A00%3A00Z&se=2030-01-02T03%3A04%3A05Z&sp=r&spr=https%2Chttp&sv=2026-10-06&sr=b"
        + "&sig=GZ2/B0k9AVs37luupeAfAWLWHfWFzSnUyA3wAHMUNGA%3D"
    /// `generate_container_sas("acct1", "data", permission="rwl", expiry=2030-01-02T03:04:05Z)`.
    static let sdkContainerToken =
        "se=2030-01-02T03%3A04%3A05Z&sp=rwl&sv=2026-10-06&sr=c&sig=wA77g%2Bz6O2KlYD58jY9Zazmdsz5xN3cbC8cxPz5RY20%3D"
    static let inValidity = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    @Test func stringToSignMatchesTheSDK() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        let text = token.stringToSign(account: "acct1", container: "data", blob: "in/train.csv")
        // The SDK's sts_hook printed exactly this string.
        #expect(
            text
                == "r\n2024-01-01T00:00:00Z\n2030-01-02T03:04:05Z\n/blob/acct1/data/in/train.csv\n\n\nhttps,http\n2026-10-06\nb\n\n\n\n\n\n\n"
        )
    }

    @Test func signingReproducesTheSDKSignatures() throws {
        var blob = BlobSharedAccessSignature(
            permissions: "r", start: "2024-01-01T00:00:00Z", expiry: "2030-01-02T03:04:05Z", resource: "b",
            version: "2026-10-06", protocols: "https,http"
        )
        blob = blob.signed(account: "acct1", container: "data", blob: "in/train.csv", accountKey: Self.key)
        #expect(blob.signature == "GZ2/B0k9AVs37luupeAfAWLWHfWFzSnUyA3wAHMUNGA=")
        let container = BlobSharedAccessSignature(
            permissions: "rwl", expiry: "2030-01-02T03:04:05Z", resource: "c", version: "2026-10-06"
        ).signed(account: "acct1", container: "data", blob: nil, accountKey: Self.key)
        #expect(container.signature == "wA77g+z6O2KlYD58jY9Zazmdsz5xN3cbC8cxPz5RY20=")
    }

    @Test func theVerifierAcceptsSDKTokens() throws {
        let blob = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        try SharedAccessAuthorization.authorize(
            blob, account: Self.account, container: "data", blob: "in/train.csv", permission: .read,
            now: Self.inValidity
        )
        let container = try #require(BlobSharedAccessSignature(queryString: "?" + Self.sdkContainerToken))
        for permission in [BlobPermission.read, .write] {
            try SharedAccessAuthorization.authorize(
                container, account: Self.account, container: "data", blob: "any/blob.csv", permission: permission,
                now: Self.inValidity
            )
        }
    }

    @Test func aTamperedTokenIsRefused() throws {
        // Widening the permission without re-signing.
        let widened = Self.sdkBlobToken.replacingOccurrences(of: "sp=r&", with: "sp=rw&")
        let token = try #require(BlobSharedAccessSignature(queryString: widened))
        #expect(throws: StorageError.self) {
            try SharedAccessAuthorization.authorize(
                token, account: Self.account, container: "data", blob: "in/train.csv", permission: .write,
                now: Self.inValidity
            )
        }
        let error = authorizationError(token, blob: "in/train.csv", permission: .write)
        #expect(error?.code == "AuthenticationFailed")
        #expect(error?.status == .forbidden)
        #expect(error?.authenticationDetail?.hasPrefix("Signature did not match. String to sign used was rw\n") == true)
    }

    @Test func aTokenForOneBlobDoesNotOpenAnother() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        #expect(authorizationError(token, blob: "in/other.csv", permission: .read)?.code == "AuthenticationFailed")
    }

    @Test func aWrongAccountKeyIsRefused() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        let other = StorageAccount(name: "acct1", key: "b3RoZXIta2V5", folder: URL(fileURLWithPath: "/nonexistent"))
        #expect(throws: StorageError.self) {
            try SharedAccessAuthorization.authorize(
                token, account: other, container: "data", blob: "in/train.csv", permission: .read, now: Self.inValidity
            )
        }
    }

    @Test func permissionsAreEnforced() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        #expect(authorizationError(token, blob: "in/train.csv", permission: .write) == .authorizationPermissionMismatch)
        #expect(
            authorizationError(token, blob: "in/train.csv", permission: .delete) == .authorizationPermissionMismatch)
    }

    @Test func theValidityWindowIsEnforced() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: Self.sdkBlobToken))
        let expired = authorizationError(
            token, blob: "in/train.csv", permission: .read, now: Date(timeIntervalSince1970: 1_900_000_000))
        #expect(expired?.authenticationDetail?.hasPrefix("Signature not valid in the specified time frame") == true)
        let early = authorizationError(
            token, blob: "in/train.csv", permission: .read, now: Date(timeIntervalSince1970: 1_600_000_000))
        #expect(early?.authenticationDetail?.hasPrefix("Signature not valid in the specified time frame") == true)
    }

    @Test func httpsOnlyTokensAreRefusedOverHTTP() throws {
        let token = BlobSharedAccessSignature(
            permissions: "r", expiry: "2030-01-01T00:00:00Z", resource: "b", protocols: "https"
        ).signed(account: "acct1", container: "data", blob: "a.csv", accountKey: Self.key)
        #expect(throws: StorageError.authorizationProtocolMismatch) {
            try SharedAccessAuthorization.authorize(
                token, account: Self.account, container: "data", blob: "a.csv", permission: .read,
                now: Self.inValidity, overHTTPS: false
            )
        }
    }

    @Test func missingMandatoryFieldsAreNamed() throws {
        let token = try #require(BlobSharedAccessSignature(queryString: "sv=2022-11-02&sr=b&sp=r&sig=abc"))
        #expect(
            authorizationError(token, blob: "a.csv", permission: .read)?.authenticationDetail
                == "se is mandatory. Cannot be empty")
        #expect(BlobSharedAccessSignature(queryString: "sv=2022-11-02&sr=b&sp=r") == nil)
    }

    @Test(arguments: [
        ("2015-04-05", 13, false), ("2018-11-09", 15, false), ("2020-12-06", 16, false), ("2013-08-15", 11, true),
    ])
    func olderVersionsUseTheirOwnStringToSign(version: String, fields: Int, noBlobPrefix: Bool) {
        let token = BlobSharedAccessSignature(permissions: "r", expiry: "2030-01-01", resource: "b", version: version)
        let text = token.stringToSign(account: "acct1", container: "data", blob: "a.csv") ?? ""
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == fields)
        #expect(text.contains(noBlobPrefix ? "\n/acct1/data/a.csv\n" : "\n/blob/acct1/data/a.csv\n"))
    }

    @Test func emulatorTokensRoundTripThroughTheQueryString() throws {
        let issued = Self.account.readOnlyToken(container: "data", blob: "out/scored result.csv", now: Self.inValidity)
        let parsed = try #require(BlobSharedAccessSignature(queryString: "?" + issued.queryString))
        #expect(parsed == issued)
        try SharedAccessAuthorization.authorize(
            parsed, account: Self.account, container: "data", blob: "out/scored result.csv", permission: .read,
            now: Self.inValidity
        )
        #expect(
            authorizationError(parsed, blob: "out/scored result.csv", permission: .write)
                == .authorizationPermissionMismatch)
    }

    @Test func queryTextKeepsPlusSignsLiteral() {
        #expect(QueryText.parse("?sig=a+b%2Bc%3D&se=x")["sig"] == "a+b+c=")
    }

    @Test(arguments: [
        "2030-01-02", "2030-01-02T03:04Z", "2030-01-02T03:04:05Z", "2030-01-02T03:04:05.1234567Z",
        "2030-01-02T05:04:05+02:00",
    ])
    func sasTimesParse(text: String) throws {
        let date = try #require(SASTime.parse(text))
        #expect(SASTime.format(date).hasPrefix("2030-01-02T"))
    }

    private func authorizationError(
        _ token: BlobSharedAccessSignature, blob: String, permission: BlobPermission,
        now: Date = SharedAccessSignatureTests.inValidity
    ) -> StorageError? {
        do {
            try SharedAccessAuthorization.authorize(
                token, account: Self.account, container: "data", blob: blob, permission: permission, now: now
            )
            return nil
        } catch {
            return error
        }
    }
}
