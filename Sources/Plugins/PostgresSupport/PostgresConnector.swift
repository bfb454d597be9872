import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PluginKit
import PostgresNIO

/// An open connection with the server process id that serves it, which cancelling a statement
/// needs (`pg_cancel_backend`).
public struct PooledPostgresConnection: Sendable {
    public let connection: PostgresConnection
    public let backendProcessID: Int32
}

/// Opens connections for one linked service: TLS as its SSL mode says, the connect timeout, and
/// failures turned into activity errors that name the server and user but never the password.
public struct PostgresConnector: Sendable {
    public let settings: PostgresConnectionSettings
    public let linkedServiceName: String
    private let configuration: PostgresConnection.Configuration

    /// A logger that drops everything: a plugin must never write to the host's stdout or stderr,
    /// which swift-log's default handler would do.
    public static let silentLogger = Logger(label: "org.pipehost.storedprocedure") { _ in SwiftLogNoOpLogHandler() }

    public init(settings: PostgresConnectionSettings, linkedServiceName: String) throws(ActivityFailure) {
        self.settings = settings
        self.linkedServiceName = linkedServiceName
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = try Self.tls(for: settings.sslMode)
        } catch {
            throw .systemError(
                "The TLS settings for the linked service '\(linkedServiceName)' could not be prepared: \(error)",
                code: PostgresErrorCode.sqlFailedToConnect)
        }
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [("application_name", "pipehost")]
        self.configuration = configuration
    }

    private static func tls(for mode: PostgresConnectionSettings.SSLMode) throws -> PostgresConnection.Configuration.TLS
    {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .allow, .prefer:
            // libpq encrypts without checking the certificate in these modes.
            tls.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: tls))
        case .require:
            tls.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: tls))
        }
    }

    /// Connects and asks for the server process id.
    public func connect(id: Int) async throws(ActivityFailure) -> PooledPostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: configuration, id: id, logger: Self.silentLogger)
        } catch {
            throw connectFailure(error)
        }
        do {
            let rows = try await connection.query("SELECT pg_backend_pid()", logger: Self.silentLogger)
            var processID: Int32?
            for try await row in rows { processID = try row.decode(Int32.self) }
            guard let processID else {
                throw ActivityFailure.systemError(
                    "the server did not report its process id", code: PostgresErrorCode.sqlFailedToConnect)
            }
            return PooledPostgresConnection(connection: connection, backendProcessID: processID)
        } catch {
            try? await connection.close()
            throw connectFailure(error)
        }
    }

    /// Why connecting failed, in words that help: the server's own message for authentication and
    /// missing databases, the network's for refused or timed-out connections.
    public func connectFailure(_ error: any Error) -> ActivityFailure {
        if let failure = error as? ActivityFailure { return failure }
        let target =
            "Could not connect to the PostgreSQL server of the linked service '\(linkedServiceName)' "
            + "(\(settings.endpointDescription))"
        guard let error = error as? PSQLError else {
            return .systemError("\(target): \(error)", code: PostgresErrorCode.sqlFailedToConnect)
        }
        if let server = error.serverInfo {
            let sqlState = server[.sqlState] ?? ""
            let message = server[.message] ?? "the server refused the connection"
            let advice: String
            switch sqlState {
            case "28P01", "28000": advice = " Check the user name and password of the linked service."
            case "3D000": advice = " Check the database name of the linked service."
            default: advice = ""
            }
            return .userError(
                "\(target): \(message) (SQLSTATE \(sqlState)).\(advice)",
                code: PostgresErrorCode.sqlFailedToConnect,
                details: ["sqlState": .string(sqlState)])
        }
        let reason: String
        switch error.code {
        case .sslUnsupported:
            reason = "the server does not support TLS, but the linked service's SSL mode requires it"
        case .authMechanismRequiresPassword:
            reason = "the server asks for a password and the linked service gives none"
        case .unsupportedAuthMechanism:
            reason =
                "the server asks for an authentication method pipehost does not support (use scram-sha-256, md5 or password)"
        default:
            if let underlying = error.underlying, Self.isConnectionRefused(underlying) {
                reason =
                    "the connection was refused: no PostgreSQL server is listening at \(settings.host):\(settings.port). "
                    + "Start the server, or correct the host and port of the linked service"
            } else {
                reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            }
        }
        return .systemError("\(target): \(reason).", code: PostgresErrorCode.sqlFailedToConnect)
    }

    /// Whether the connection was refused (`ECONNREFUSED`) on every address tried.
    public static func isConnectionRefused(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED }
        if let connection = error as? NIOConnectionError {
            return !connection.connectionErrors.isEmpty
                && connection.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        }
        return false
    }
}
