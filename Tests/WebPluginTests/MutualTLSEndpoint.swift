import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import PipehostJSON
import ServiceLifecycle

/// A local HTTPS server on a free loopback port that completes the TLS handshake only with a
/// client certificate signed by the test CA (mutual TLS); `GET /secure` answers a JSON object.
final class MutualTLSEndpoint: Sendable {
    let port: Int
    var base: String { "https://127.0.0.1:\(port)" }
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, runTask: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.runTask = runTask
    }

    /// Runs `body` with a started server and stops it afterwards.
    static func with<T>(_ certificates: TestCertificates, _ body: (MutualTLSEndpoint) async throws -> T) async throws
        -> T
    {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8))
                .map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)))
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificates.caPEM.utf8)))

        let router = Router()
        router.get("secure") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: JSONSerializer.bytes(["client": "verified"]))))
        }
        var logger = Logger(label: "web-plugin-mutual-tls")
        logger.logLevel = .critical
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [], logger: logger))
        let runTask = Task { try await group.run() }
        var port = 0
        for await value in bound {
            port = value
            break
        }
        let server = MutualTLSEndpoint(port: port, group: group, runTask: runTask)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
    }
}
