import AsyncHTTPClient
import Foundation
import NIOCore
import TestSizeTags
import Testing

@testable import AzureMLPlugin

/// How a request without an answer is named and whether it is tried again.
@Suite(.tags(.small))
struct TransportFailureTests {
    static let refused = IOError(errnoCode: ECONNREFUSED, reason: "connection reset (error set)")

    @Test(arguments: [
        "http://127.0.0.1:8790/workspaces/w/services/s/jobs", "http://localhost:8790/jobs", "http://[::1]:8790/jobs",
        "http://127.1.2.3:8790/jobs",
    ])
    func aRefusedLoopbackConnectionIsFinalAndSaysHowToStartTheEmulator(url: String) {
        let failure = TransportFailure.classify(Self.refused, url: url, timeout: 60)
        #expect(!failure.isTransient)
        #expect(failure.reason.hasPrefix("connection refused by "))
        #expect(failure.reason.contains(":8790: nothing is listening on that port"))
        #expect(failure.reason.contains("--emulator FILE"))
        #expect(failure.reason.contains("azureml-emulator --config FILE --port 8790"))
        #expect(!failure.reason.contains("reset"))
    }

    @Test(arguments: [
        ("https://ussouthcentral.services.azureml.net/workspaces/w/services/s/jobs", "ussouthcentral.services.azureml.net:443"),
        ("http://10.0.0.5:8080/jobs", "10.0.0.5:8080"), ("http://127.example.com/jobs", "127.example.com:80"),
    ])
    func aRefusedRemoteConnectionIsTransient(url: String, authority: String) {
        let failure = TransportFailure.classify(Self.refused, url: url, timeout: 60)
        #expect(failure.isTransient)
        #expect(failure.reason == "connection refused by \(authority)")
    }

    @Test func otherTransportFailuresAreTransientAndNamed() {
        let url = "http://127.0.0.1:8790/jobs"
        let reset = TransportFailure.classify(IOError(errnoCode: ECONNRESET, reason: "read"), url: url, timeout: 60)
        #expect(reset.isTransient)
        #expect(reset.reason == "connection reset by peer (127.0.0.1:8790)")
        let timeout = TransportFailure.classify(HTTPClientError.readTimeout, url: url, timeout: 60)
        #expect(timeout == TransportFailure(reason: "no answer within 60 s", isTransient: true))
        let closed = TransportFailure.classify(HTTPClientError.remoteConnectionClosed, url: url, timeout: 60)
        #expect(closed == TransportFailure(reason: "the service closed the connection without answering", isTransient: true))
        let connect = TransportFailure.classify(HTTPClientError.connectTimeout, url: url, timeout: 60)
        #expect(connect == TransportFailure(reason: "the connection to 127.0.0.1:8790 timed out", isTransient: true))
    }

    @Test func addressesNameHostAndPortAndKnowLoopback() {
        #expect(ServiceAddress("https://example.net/x").authority == "example.net:443")
        #expect(ServiceAddress("http://example.net/x").authority == "example.net:80")
        #expect(ServiceAddress("http://[::1]:9/x").authority == "[::1]:9")
        #expect(ServiceAddress("http://[::1]:9/x").isLoopback)
        #expect(ServiceAddress("http://LOCALHOST:9/x").isLoopback)
        #expect(!ServiceAddress("http://127.0.0.1.nip.io:9/x").isLoopback)
        #expect(!ServiceAddress("http://10.0.0.1:9/x").isLoopback)
    }
}
