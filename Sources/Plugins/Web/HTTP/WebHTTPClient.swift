import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PluginKit

/// The plugin's one HTTP client, shared by every call, on the process-wide NIO event loops.
///
/// Redirects are followed here rather than by the client, so that credentials never travel to
/// another host: on a redirect to a different host, `Authorization` is dropped (as .NET's
/// HttpClient, which ADF uses, does).
final class WebHTTPClient: Sendable {
    private let http: HTTPClient

    /// ADF's limit on a Web activity's response payload.
    static let maximumResponseBytes = 4 * 1024 * 1024
    /// Redirects followed at most per request.
    static let maximumRedirects = 10

    init(connectTimeout: Duration) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(connectTimeout.components.seconds))
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() {
        try? http.syncShutdown()
    }

    /// One request as the activities describe it.
    struct Request: Sendable {
        var method: HTTPMethodName
        var url: String
        var headers: RequestHeaders
        var body: [UInt8]?
        var timeout: Duration
        var validateCertificate = true
        /// Presented when the server asks for a client certificate (ClientCertificate authentication).
        var clientCertificate: ClientCertificate?
    }

    /// How a request ended.
    enum Outcome: Sendable {
        /// The endpoint answered (any status).
        case answered(WebResponse)
        /// The answer's body is larger than ``maximumResponseBytes``.
        case tooLarge
        /// No answer within the request's timeout.
        case timedOut
        /// No answer: refused, unresolvable, TLS failure, connection lost; the reason in words.
        case unreachable(String)
    }

    /// Sends `request`, following redirects. Throws only `CancellationError`.
    func send(_ request: Request) async throws -> Outcome {
        var current = request
        for _ in 0...Self.maximumRedirects {
            let outcome = try await sendOnce(current)
            guard case .answered(let response) = outcome, [301, 302, 303, 307, 308].contains(response.status),
                let location = response.header("Location"), let next = WebURL.resolve(location, against: current.url)
            else { return outcome }
            if URL(string: current.url)?.host?.lowercased() != next.host?.lowercased() {
                current.headers.remove("Authorization")
            }
            if response.status == 303 || ((response.status == 301 || response.status == 302) && current.method == .post)
            {
                current.method = .get
                current.body = nil
                current.headers.remove("Content-Type")
            }
            current.url = next.absoluteString
        }
        return .unreachable("more than \(Self.maximumRedirects) redirects")
    }

    private func sendOnce(_ request: Request) async throws -> Outcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method.nio
        for (name, value) in request.headers.fields { outgoing.headers.add(name: name, value: value) }
        if let body = request.body, request.method.sendsBody {
            outgoing.body = .bytes(body)
        } else if request.method == .post || request.method == .put || request.method == .patch {
            outgoing.body = .bytes([UInt8]())  // framed as Content-Length: 0
        }
        if !request.validateCertificate || request.clientCertificate != nil {
            // Per request: the client's connection pool keys connections by TLS configuration, so a
            // connection that presents one certificate is never reused for another or for none.
            var tls = TLSConfiguration.makeClientConfiguration()
            if !request.validateCertificate { tls.certificateVerification = .none }
            if let certificate = request.clientCertificate {
                tls.certificateChain = certificate.chain.map { .certificate($0) }
                tls.privateKey = .privateKey(certificate.privateKey)
            }
            outgoing.tlsConfiguration = tls
        }
        let milliseconds = max(
            request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000,
            1)
        let deadline = NIODeadline.now() + .milliseconds(milliseconds)
        do {
            let response = try await http.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            var headers: [(name: String, value: String)] = []
            for header in response.headers { headers.append((header.name, header.value)) }
            return .answered(
                WebResponse(
                    status: Int(response.status.code), reason: response.status.reasonPhrase, headers: headers,
                    body: Array(body.readableBytesView)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return Self.classify(error, url: request.url)
        }
    }

    static func classify(_ error: any Error, url: String) -> Outcome {
        if error is NIOTooManyBytesError { return .tooLarge }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timedOut
            case .connectTimeout:
                return .unreachable("the connection to \(authority(url)) timed out")
            case .remoteConnectionClosed:
                return .unreachable("the endpoint closed the connection without answering")
            default:
                return .unreachable("\(client)")
            }
        }
        if isConnectionRefused(error) { return .unreachable("connection refused by \(authority(url))") }
        if let io = error as? IOError {
            return .unreachable("\(String(cString: strerror(io.errnoCode)).lowercased()) (\(authority(url)))")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return .unreachable("TLS failed with \(authority(url)): \(error)")
        }
        return .unreachable("\(error)")
    }

    private static func isConnectionRefused(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED }
        if let connection = error as? NIOConnectionError {
            return !connection.connectionErrors.isEmpty
                && connection.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        }
        return false
    }

    private static func authority(_ url: String) -> String {
        guard let parsed = URL(string: url), let host = parsed.host else { return WebURL.withoutQuery(url) }
        let port = parsed.port ?? (parsed.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}
