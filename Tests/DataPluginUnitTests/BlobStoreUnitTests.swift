import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// The blob store's pieces without a network: Shared Key signatures (checked against requests
/// Microsoft's `azure-storage-blob` 12.31.1 Python SDK signed), connection strings, linked services and
/// List Blobs XML.
@Suite(.tags(.small))
struct BlobStoreUnitTests {
    static let key = "dGVzdC1hY2NvdW50LWtleS1mb3ItcGlwZWhvc3QtZW11bGF0b3ItMDEyMzQ1Njc4OQ=="

    @Test func sharedKeySignaturesMatchTheSDK() throws {
        let keyBytes = try #require(Data(base64Encoded: Self.key))
        let get = BlobRequestSigner.authorization(
            method: "GET",
            headers: [
                ("x-ms-date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("x-ms-version", "2026-10-06"),
                ("x-ms-range", "bytes=0-33554431"),
            ], account: "acct1", key: keyBytes, path: "/blob/acct1/data/train.csv", query: [])
        #expect(get == "SharedKey acct1:n1OuYwAUmXkYpvlkFGX1yV7oNjPRrLVjd6HRyAIGk0k=")
        let put = BlobRequestSigner.authorization(
            method: "PUT",
            headers: [
                ("x-ms-date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("x-ms-version", "2026-10-06"),
                ("x-ms-blob-type", "BlockBlob"), ("Content-Length", "8"), ("Content-Type", "application/octet-stream"),
                ("x-ms-client-request-id", "abc"),
            ], account: "acct1", key: keyBytes, path: "/blob/acct1/data/in%20put.csv", query: [("timeout", "30")])
        #expect(put == "SharedKey acct1:ld+UPvr/b6FyapPvlS4/AHc7co7bhSLZC7+gJNDrK0s=")
    }

    @Test func canonicalizedResourceSortsAndJoinsQueryParameters() {
        let text = BlobRequestSigner.stringToSign(
            method: "GET", headers: [("Content-Length", "0")], account: "a", path: "/c",
            query: [("restype", "container"), ("comp", "list"), ("Prefix", "x/")])
        #expect(text.hasSuffix("\n/a/c\ncomp:list\nprefix:x/\nrestype:container"))
        #expect(text.hasPrefix("GET\n\n\n\n"))
    }

    @Test func connectionStringsGiveTheEndpoint() throws {
        let built = try BlobConnectionString(
            parsing: "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=\(Self.key);EndpointSuffix=core.chinacloudapi.cn")
        #expect(built.blobEndpoint == "https://acct.blob.core.chinacloudapi.cn")
        #expect(built.accountKey == Self.key)
        let given = try BlobConnectionString(
            parsing: "AccountName=acct;SharedAccessSignature=sv=1&sig=x;BlobEndpoint=http://127.0.0.1:9/blob/acct")
        #expect(given.blobEndpoint == "http://127.0.0.1:9/blob/acct")
        #expect(given.sharedAccessSignature == "sv=1&sig=x")
        #expect(throws: BlobConnectionString.Problem.malformedPart(index: 1)) {
            try BlobConnectionString(parsing: "AccountName=a;nonsense")
        }
        #expect(throws: BlobConnectionString.Problem.noEndpoint) { try BlobConnectionString(parsing: "AccountKey=abc") }
    }

    static func service(_ type: String, _ properties: JSONValue) throws -> Invocation.LinkedService {
        try #require(
            Invocation.Dataset(json: ["name": "d", "linkedService": ["name": "LS", "type": .string(type), "typeProperties": properties]])?
                .linkedService)
    }

    @Test func linkedServicesOfEachKindGiveAccess() throws {
        let dataLake = try BlobLinkedService.access(
            Self.service("AzureBlobFS", ["url": "https://lake.dfs.core.windows.net/", "accountKey": ["type": "SecureString", "value": .string(Self.key)]]))
        #expect(dataLake.serviceURL == "https://lake.blob.core.windows.net")
        #expect(dataLake.accountName == "lake")
        #expect(dataLake.credential == .sharedKey(Data(base64Encoded: Self.key)!))

        let emulator = try BlobLinkedService.access(
            Self.service("AzureBlobFS", ["url": "http://127.0.0.1:8/blob/acct1/", "accountKey": .string(Self.key)]))
        #expect(emulator.serviceURL == "http://127.0.0.1:8/blob/acct1")
        #expect(emulator.accountName == "acct1")

        let sas = try BlobLinkedService.access(
            Self.service("AzureBlobStorage", ["sasUri": "https://acct.blob.core.windows.net/data?sv=2021&sig=abc%3D"]))
        #expect(sas.credential == .sharedAccessSignature("sv=2021&sig=abc%3D"))
        #expect(sas.serviceURL == "https://acct.blob.core.windows.net/data")

        let endpoint = try BlobLinkedService.access(
            Self.service("AzureBlobStorage", ["serviceEndpoint": "https://acct.blob.core.windows.net", "accountKey": .string(Self.key)]))
        #expect(endpoint.accountName == "acct")
    }

    @Test func badLinkedServicesFailNamingThePropertyNeverTheSecret() throws {
        let noKey = #expect(throws: ActivityFailure.self) {
            try BlobLinkedService.access(Self.service("AzureBlobStorage", ["serviceEndpoint": "https://acct.blob.core.windows.net"]))
        }
        #expect(noKey?.message.contains("without accountKey") == true)
        let notBase64 = #expect(throws: ActivityFailure.self) {
            try BlobLinkedService.access(
                Self.service("AzureBlobStorage", ["connectionString": "AccountName=a;AccountKey=not*base64*secret"]))
        }
        #expect(notBase64?.message.contains("accountKey") == true)
        #expect(notBase64?.message.contains("not*base64*secret") == false)
        let noCredential = #expect(throws: ActivityFailure.self) {
            try BlobLinkedService.access(Self.service("AzureBlobStorage", ["connectionString": "AccountName=a;EndpointSuffix=x"]))
        }
        #expect(noCredential?.message.contains("neither AccountKey nor SharedAccessSignature") == true)
        let nothing = #expect(throws: ActivityFailure.self) { try BlobLinkedService.access(Self.service("AzureBlobStorage", [:])) }
        #expect(nothing?.errorCode == ActivityErrorCode.missingRequiredProperty)
    }

    @Test func listBlobsXMLIsRead() {
        let listing = BlobListing(
            xml: "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"x\" ContainerName=\"c\">"
                + "<Prefix>a/</Prefix><Delimiter>/</Delimiter><Blobs><Blob><Name>a/x &amp; y.csv</Name><Properties>"
                + "<Last-Modified>Mon, 01 Jan 2024 00:00:00 GMT</Last-Modified><Content-Length>12</Content-Length>"
                + "<Content-MD5>jU3c/gyeJjRVKOaNXhJj2w==</Content-MD5><BlobType>BlockBlob</BlobType></Properties></Blob>"
                + "<BlobPrefix><Name>a/sub/</Name></BlobPrefix><Blob><Name>a/&#x41;.txt</Name><Properties>"
                + "<Content-Length>0</Content-Length><Content-MD5 /></Properties></Blob></Blobs>"
                + "<NextMarker>a/z</NextMarker></EnumerationResults>")
        #expect(listing.blobs.map(\.name) == ["a/x & y.csv", "a/A.txt"])
        #expect(listing.blobs.first?.size == 12)
        #expect(listing.blobs.first?.lastModified == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(listing.blobs.first?.contentMD5 == "jU3c/gyeJjRVKOaNXhJj2w==")
        #expect(listing.blobs.last?.contentMD5 == nil)
        #expect(listing.prefixes == ["a/sub/"])
        #expect(listing.nextMarker == "a/z")
        #expect(BlobListing(xml: "<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>").nextMarker == nil)
    }
}
