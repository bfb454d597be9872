import PluginKit

/// Where and how to connect to a PostgreSQL server, read from a `PostgreSql` / `AzurePostgreSql`
/// linked service. The password is kept for connecting and never appears in a message.
public struct PostgresConnectionSettings: Sendable, Hashable {
    /// libpq's `sslmode` values.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String?
    public var sslMode: SSLMode
    /// Seconds to wait for a connection before giving up.
    public var connectTimeoutSeconds: Int

    public init(
        host: String, port: Int = 5432, database: String, user: String, password: String?, sslMode: SSLMode = .prefer,
        connectTimeoutSeconds: Int = 10
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.sslMode = sslMode
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// `host:port/database as user`, for messages (no password).
    public var endpointDescription: String { "\(host):\(port), database '\(database)', user '\(user)'" }

    /// Reads a linked service's `typeProperties`: a `connectionString` (Npgsql/ADO.NET
    /// `Host=…;Port=…`, libpq `host=… port=…`, or a `postgresql://` URL), and/or the discrete
    /// properties of the newer connector (`server`, `port`, `database`, `username`, `password`,
    /// `sslMode`); a separate `password` (a plain string or a resolved SecureString) wins over one in
    /// the connection string.
    public init(linkedService name: String, typeProperties: JSONValue) throws(ActivityFailure) {
        func failure(_ property: String, _ problem: String) -> ActivityFailure {
            .invalidProperty("linkedService '\(name)'.typeProperties.\(property)", problem)
        }
        guard case .object(let properties) = typeProperties else {
            throw failure("", "expected an object")
        }
        var fields = PostgresConnectionFields()
        if let connectionString = properties[caseInsensitive: "connectionString"], !connectionString.isNull {
            guard let text = Self.secretText(connectionString) else {
                throw failure(
                    "connectionString",
                    "expected a string or a resolved SecureString (a Key Vault reference must be resolved by the host)")
            }
            do {
                fields = try PostgresConnectionFields(connectionString: text)
            } catch {
                throw failure("connectionString", error.description)
            }
        }
        for (key, value) in properties where !["connectionstring", "password"].contains(key.lowercased()) {
            guard let text = Self.scalarText(value) else { continue }
            do {
                try fields.set(key: key, value: text, fromDiscreteProperty: true)
            } catch {
                throw failure(key, error.description)
            }
        }
        if let password = properties[caseInsensitive: "password"], !password.isNull {
            guard let text = Self.secretText(password) else {
                throw failure(
                    "password",
                    "expected a string or a resolved SecureString (a Key Vault reference must be resolved by the host)")
            }
            fields.password = text
        }
        guard let host = fields.host, !host.isEmpty else {
            throw failure("connectionString", "no host is given; add Host=<server> (or 'server')")
        }
        guard let user = fields.user, !user.isEmpty else {
            throw failure("connectionString", "no user is given; add Username=<user> (or 'uid', 'user id')")
        }
        self.init(
            host: host, port: fields.port ?? 5432, database: fields.database ?? user, user: user,
            password: fields.password,
            sslMode: fields.sslMode ?? .prefer, connectTimeoutSeconds: fields.connectTimeoutSeconds ?? 10)
    }

    /// A secret as the host hands it over: a plain string, or a SecureString object it left as is.
    private static func secretText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .object(let object):
            guard
                object[caseInsensitive: "type"]?.stringValue.map({ asciiCaseInsensitiveEquals($0, "SecureString") })
                    == true
            else { return nil }
            return object[caseInsensitive: "value"]?.stringValue
        default: return nil
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
