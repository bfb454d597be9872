import Foundation
import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import AzureMLPlugin

/// Connection strings, SAS URIs and the service SAS the plugin signs.
@Suite(.tags(.small))
struct StorageAddressingTests {
    // MARK: SAS signing

    /// The test vector of docs/azureml-emulator.md, which Microsoft's azure-storage-blob SDK
    /// reproduces: the same string-to-sign and signature.
    @Test func theSignatureMatchesAzureStoragesTestVector() throws {
        let signer = BlobSASSigner(
            accountName: "acct1", accountKey: "dGVzdC1hY2NvdW50LWtleS1mb3ItcGlwZWhvc3QtZW11bGF0b3ItMDEyMzQ1Njc4OQ==")
        let grant = BlobSASSigner.Grant(
            permissions: "r", start: "2024-01-01T00:00:00Z", expiry: "2030-01-02T03:04:05Z", protocols: "https,http")
        let stringToSign = signer.stringToSign(container: "data", blob: "in/train.csv", grant: grant, version: "2026-10-06")
        #expect(
            stringToSign
                == "r\n2024-01-01T00:00:00Z\n2030-01-02T03:04:05Z\n/blob/acct1/data/in/train.csv\n\n\nhttps,http\n2026-10-06\nb\n\n\n\n\n\n\n")
        #expect(try signer.signature(of: stringToSign) == "GZ2/B0k9AVs37luupeAfAWLWHfWFzSnUyA3wAHMUNGA=")
    }

    @Test func theTokenListsItsFieldsURLEncoded() throws {
        let signer = BlobSASSigner(accountName: "acct1", accountKey: Data("key".utf8).base64EncodedString())
        let grant = BlobSASSigner.Grant(
            permissions: "r", start: "2024-01-01T00:00:00Z", expiry: "2030-01-02T03:04:05Z", protocols: "https")
        let token = try signer.token(container: "models", blob: "a b/m.ilearner", grant: grant)
        let signature = try signer.signature(
            of: signer.stringToSign(container: "models", blob: "a b/m.ilearner", grant: grant))
        #expect(
            token
                == "?sv=2022-11-02&st=2024-01-01T00%3A00%3A00Z&se=2030-01-02T03%3A04%3A05Z&sr=b&sp=r&spr=https&sig="
                + QueryEncoding.encode(signature))
        #expect(!token.contains("+") && !token.contains("/"))
    }

    @Test func aReadOnlyGrantIsShortLivedAndHTTPSOnlyForHTTPS() {
        let now = Date(timeIntervalSince1970: 1_714_557_600)  // 2024-05-01T10:00:00Z
        let grant = BlobSASSigner.readOnlyGrant(lifetime: .seconds(3600), overHTTPS: true, now: now)
        #expect(grant == .init(permissions: "r", start: "2024-05-01T09:55:00Z", expiry: "2024-05-01T11:00:00Z", protocols: "https"))
        #expect(BlobSASSigner.readOnlyGrant(lifetime: .seconds(60), overHTTPS: false, now: now).protocols == "https,http")
    }

    @Test func aKeyThatIsNotBase64IsNamed() {
        let signer = BlobSASSigner(accountName: "acct", accountKey: "not base64!")
        #expect(throws: BlobSASSigner.Problem.accountKeyNotBase64(account: "acct")) {
            try signer.signature(of: "x")
        }
    }

    // MARK: Connection strings

    @Test func aConnectionStringIsReadInAnyCaseWithKeysContainingEquals() throws {
        let parsed = try StorageConnectionString(
            parsing: "defaultendpointsprotocol=http; AccountName=acct ;accountkey=abc==;EndpointSuffix=core.chinacloudapi.cn")
        #expect(parsed.accountName == "acct")
        #expect(parsed.accountKey == "abc==")
        #expect(parsed.blobServiceURL == "http://acct.blob.core.chinacloudapi.cn/")
    }

    @Test func aBlobEndpointWins() throws {
        let parsed = try StorageConnectionString(
            parsing: "AccountName=acct;AccountKey=k;BlobEndpoint=http://127.0.0.1:4000/blob/acct")
        #expect(parsed.blobServiceURL == "http://127.0.0.1:4000/blob/acct/")
    }

    @Test func aSeparateAccountKeyIsAddedToTheString() throws {
        let parsed = try StorageConnectionString(parsing: "AccountName=acct;EndpointSuffix=core.windows.net", accountKey: "k==")
        #expect(parsed.accountKey == "k==")
        #expect(parsed.text == "AccountName=acct;EndpointSuffix=core.windows.net;AccountKey=k==")
        let own = try StorageConnectionString(parsing: "AccountName=acct;AccountKey=mine", accountKey: "other")
        #expect(own.accountKey == "mine")
        #expect(own.text == "AccountName=acct;AccountKey=mine")
    }

    @Test func developmentStorageMeansTheWellKnownAccount() throws {
        let parsed = try StorageConnectionString(parsing: "UseDevelopmentStorage=true")
        #expect(parsed.accountName == "devstoreaccount1")
        #expect(parsed.accountKey == StorageConnectionString.developmentAccountKey)
        #expect(parsed.blobServiceURL == "http://127.0.0.1:10000/devstoreaccount1/")
    }

    @Test(arguments: [
        ("AccountName=acct;junk", StorageConnectionString.Problem.malformedSetting(index: 1)),
        ("AccountKey=k", .missingAccountName),
        ("AccountName=acct;EndpointSuffix=x", .missingCredential),
    ])
    func badConnectionStringsSayWhatIsWrong(text: String, problem: StorageConnectionString.Problem) {
        #expect(throws: problem) { try StorageConnectionString(parsing: text) }
        #expect(!problem.description.contains("acct"))
    }

    // MARK: SAS URIs

    @Test(arguments: [
        ("https://acct.blob.core.windows.net/?sv=1&sig=x", "https://acct.blob.core.windows.net/"),
        ("https://acct.blob.core.windows.net/amltest?sv=1&sig=x", "https://acct.blob.core.windows.net/"),
        ("https://acct.blob.core.windows.net/other?sv=1&sig=x", "https://acct.blob.core.windows.net/other/"),
        ("http://127.0.0.1:4000/blob/acct/amltest?sv=1", "http://127.0.0.1:4000/blob/acct/"),
        ("http://127.0.0.1:10000/devstoreaccount1/amltest/?sv=1", "http://127.0.0.1:10000/devstoreaccount1/"),
    ])
    func aSASURINamesTheAccountsBlobService(uri: String, base: String) throws {
        let access = try BlobAccess(
            try linkedService("S", type: "AzureBlobStorage", typeProperties: ["sasUri": .string(uri)]))
        #expect(access.baseLocation(for: "amltest/input/in.csv") == base)
        guard case .sharedAccessSignature(_, let token) = access else {
            Issue.record("expected a SAS access, got \(access)")
            return
        }
        #expect(token.hasPrefix("?sv=1"))
    }

    @Test func aSeparateSASTokenIsUsed() throws {
        let access = try BlobAccess(
            try linkedService(
                "S", type: "AzureBlobStorage",
                typeProperties: ["sasUri": "https://acct.blob.core.windows.net/", "sasToken": "sv=2&sig=y"]))
        #expect(access == .sharedAccessSignature(serviceURL: "https://acct.blob.core.windows.net/", token: "?sv=2&sig=y"))
    }

    @Test func secretsOfAnAccessAreListedForScrubbing() throws {
        let access = try BlobAccess(
            try linkedService("S", type: "AzureStorage", typeProperties: ["connectionString": "AccountName=a;AccountKey=secretkey=="]))
        #expect(Set(access.secrets) == ["AccountName=a;AccountKey=secretkey==", "secretkey=="])
    }
}
