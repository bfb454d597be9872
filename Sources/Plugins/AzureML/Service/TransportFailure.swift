import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A request that got no answer: what happened, in words for the activity's error, and whether
/// trying again can help (see ``RetryPolicy``).
///
/// Transient, and retried: timeouts, connections reset or closed without an answer, and a
/// connection refused by a remote host (a service restarting, a load balancer between
/// instances). Not transient: a connection refused on this machine's loopback interface. Nothing
/// listens on that port, and nothing will start listening because pipehost waited; the activity
/// fails at once, and when the service is on loopback (in practice the Azure ML emulator) the
/// message says how to start it.
struct TransportFailure: Sendable, Equatable {
    /// What happened: "connection refused by 127.0.0.1:8790", "no answer within 60 s".
    var reason: String
    /// Whether a later try may get an answer.
    var isTransient: Bool

    /// Reads the error a request to `url` failed with; `timeout` is the request's timeout in seconds.
    static func classify(_ error: any Error, url: String, timeout seconds: Int64) -> TransportFailure {
        let address = ServiceAddress(url)
        if isConnectionRefused(error) {
            guard address.isLoopback else {
                return TransportFailure(reason: "connection refused by \(address.authority)", isTransient: true)
            }
            return TransportFailure(
                reason: "connection refused by \(address.authority): nothing is listening on that port. If this is the "
                    + "Azure ML emulator, start it: `pipehost run … --emulator FILE` starts it for the run and sets its URL, "
                    + "or run `azureml-emulator --config FILE --port \(address.port)` before the pipeline",
                isTransient: false)
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return TransportFailure(reason: "no answer within \(seconds) s", isTransient: true)
            case .connectTimeout:
                return TransportFailure(reason: "the connection to \(address.authority) timed out", isTransient: true)
            case .remoteConnectionClosed:
                return TransportFailure(reason: "the service closed the connection without answering", isTransient: true)
            default:
                return TransportFailure(reason: "\(client)", isTransient: true)
            }
        }
        if let io = error as? IOError {
            return TransportFailure(reason: "\(Self.errnoText(io.errnoCode)) (\(address.authority))", isTransient: true)
        }
        return TransportFailure(reason: "\(error)", isTransient: true)
    }

    /// Whether the connection was refused (`ECONNREFUSED`) on every address tried.
    static func isConnectionRefused(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED }
        if let connection = error as? NIOConnectionError {
            return !connection.connectionErrors.isEmpty
                && connection.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        }
        return false
    }

    /// The C library's words for `errno`, in lower case ("connection reset by peer").
    private static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

/// The host and port of a service URL, for messages and for telling a local service from a remote one.
struct ServiceAddress: Sendable, Equatable {
    var host: String
    var port: Int

    init(_ url: String) {
        let components = URLComponents(string: url)
        host = (components?.host ?? url).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let secure = components?.scheme?.lowercased() == "https"
        port = components?.port ?? (secure ? 443 : 80)
    }

    /// `host:port`, with brackets around an IPv6 address.
    var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether the host is this machine's loopback interface: `localhost`, `127.0.0.0/8` or `::1`.
    var isLoopback: Bool {
        let name = host.lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && octets.allSatisfy { $0 != nil } && octets[0] == 127
    }
}
