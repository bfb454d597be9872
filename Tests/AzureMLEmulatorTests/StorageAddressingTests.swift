import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// Connection strings, blob service URLs and blob names.
@Suite(.tags(.small))
struct StorageAddressingTests {
    @Test func parsesAnAccountKeyConnectionString() throws {
        let parsed = try StorageConnectionString.parse(
            "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=a2V5PT0=;EndpointSuffix=core.windows.net"
        )
        #expect(parsed == StorageConnectionString(accountName: "acct1", credential: .accountKey("a2V5PT0=")))
    }

    @Test func developmentStorageMeansTheDevelopmentAccount() throws {
        let parsed = try StorageConnectionString.parse("UseDevelopmentStorage=true")
        #expect(parsed.accountName == "devstoreaccount1")
        #expect(parsed.credential == .accountKey(StorageAccountConfiguration.developmentAccountKey))
    }

    @Test func aSharedAccessSignatureConnectionStringNamesItsAccountByEndpoint() throws {
        let parsed = try StorageConnectionString.parse(
            "BlobEndpoint=http://127.0.0.1:9/blob/acct2/;SharedAccessSignature=sv=2022-11-02&sr=c&sp=r&se=2030-01-01&sig=x"
        )
        #expect(parsed.accountName == "acct2")
        guard case .sharedAccessSignature(let token) = parsed.credential else {
            Issue.record("expected a SAS credential")
            return
        }
        #expect(token.resource == "c")
    }

    @Test(arguments: [
        ("AccountName=a;Nonsense", ConnectionStringProblem.malformedSetting("Nonsense")),
        ("AccountKey=a2V5", .missingAccountName),
        ("AccountName=acct1", .missingCredential),
        ("AccountName=acct1;AccountKey=not base64!", .keyNotBase64),
    ])
    func badConnectionStringsSayWhatIsWrongWithoutTheKey(text: String, problem: ConnectionStringProblem) {
        #expect(throws: problem) { try StorageConnectionString.parse(text) }
        #expect(!problem.description.contains("a2V5"))
    }

    @Test(arguments: [
        ("https://acct1.blob.core.windows.net/", "acct1"),
        ("http://127.0.0.1:8080/blob/acct2/", "acct2"),
        ("http://127.0.0.1:10000/devstoreaccount1/", "devstoreaccount1"),
    ])
    func blobEndpointsNameTheirAccount(url: String, account: String) {
        #expect(StorageEndpointURL.accountName(from: url) == account)
    }

    @Test func relativeLocationsSplitIntoContainerAndPath() throws {
        let location = try BlobLocation.parse(account: "a", relativeLocation: "/amltest/input/in 1.csv")
        #expect(location == BlobLocation(account: "a", container: "amltest", path: "input/in 1.csv"))
        #expect(location.relativeLocation == "amltest/input/in 1.csv")
    }

    @Test(arguments: ["data/../secret.csv", "data//x.csv", "Data/x.csv", "x.csv", "data/", "ab/x.csv", "data/./x.csv"])
    func unsafeOrInvalidBlobNamesAreRefused(relativeLocation: String) {
        #expect(throws: StorageError.self) { try BlobLocation.parse(account: "a", relativeLocation: relativeLocation) }
    }

    @Test func accountKeysCompareByValue() {
        let account = StorageAccount(name: "a", key: "a2V5PT0=", folder: URL(fileURLWithPath: "/tmp"))
        #expect(account.acceptsKey("a2V5PT0="))
        #expect(!account.acceptsKey("a2V6PT0="))
        #expect(!account.acceptsKey("not base64"))
    }
}
