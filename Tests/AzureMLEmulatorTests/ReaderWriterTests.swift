import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// A web service without inputs or outputs that reads and writes blobs named by web service
/// parameters, as the Import Data / Export Data modules did.
@Suite(.tags(.medium))
struct ReaderWriterTests {
    static let readerWriter = "rw000000000000000000000000000001"

    static func parameters(key: String = EmulatorFixture.acct1Key, source: String = "data/score.csv") -> String {
        #"{"GlobalParameters":{"Account":"acct1","Key":"\#(key)","Source":"\#(source)","Destination":"out/rw.csv"}}"#
    }

    @Test(arguments: Transport.allCases)
    func scoresFromSourceToDestination(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(Self.readerWriter, key: "rw-key", body: Self.parameters())
            #expect(final[property: "StatusCode"] == "Finished")
            #expect(final[property: "Results"] == .object([]))
            // The service's model is 10·x1 + 100·x2.
            let written = try session.fixture.readBlob("acct1", "out/rw.csv")
            #expect(written == "id,x1,x2,Scored Labels\r\nr1,1,0,10\r\nr2,2,5,520\r\nr3,10,-3,-200\r\nr4,0,0,0\r\n")
        }
    }

    @Test(arguments: Transport.allCases)
    func theParametersAreRequired(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let reply = try await session.submit(
                Self.readerWriter, key: "rw-key", body: #"{"GlobalParameters":{"Account":"acct1"}}"#)
            #expect(reply.status == 400)
            #expect(reply.detailCode == "MissingRequiredGlobalParameters")
            #expect(reply.detailMessage?.contains("Missing: Destination, Key, Source.") == true)
        }
    }

    @Test(arguments: Transport.allCases)
    func aWrongAccountKeyFailsTheJob(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(
                Self.readerWriter, key: "rw-key", body: Self.parameters(key: EmulatorFixture.acct2Key)
            )
            #expect(final[property: "StatusCode"] == "Failed")
            let details = try #require(final[property: "Details"]?.stringValue)
            #expect(details.contains("Import Data: unable to access the Azure blob 'data/score.csv'"))
            #expect(details.contains("Server failed to authenticate the request."))
            #expect(!details.contains(EmulatorFixture.acct2Key))
            #expect(!FileManager.default.fileExists(atPath: session.fixture.blobFile("acct1", "out/rw.csv").path))
        }
    }

    @Test(arguments: Transport.allCases)
    func aMissingSourceFailsTheJob(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let final = try await session.runJob(
                Self.readerWriter, key: "rw-key", body: Self.parameters(source: "data/absent.csv"))
            #expect(final[property: "StatusCode"] == "Failed")
            #expect(final[property: "Details"]?.stringValue?.contains("The specified blob does not exist.") == true)
        }
    }
}
