/// The fields of a PostgreSQL connection string as they are read, before defaults apply.
///
/// Three spellings are accepted: Npgsql/ADO.NET (`Host=h;Port=5432;Database=d;Username=u;Password=p;
/// SSL Mode=Require`, which ADF's PostgreSQL connectors use), libpq keywords (`host=h port=5432
/// dbname=d user=u`), and URLs (`postgresql://u:p@h:5432/d?sslmode=require`). Keys match ignoring
/// case, spaces and underscores; keys that only tune drivers (`Pooling`, `Timeout`, …) are ignored.
struct PostgresConnectionFields {
    var host: String?
    var port: Int?
    var database: String?
    var user: String?
    var password: String?
    var sslMode: PostgresConnectionSettings.SSLMode?
    var connectTimeoutSeconds: Int?

    /// A problem with one key of a connection string. Messages name the key, never a value that
    /// could be a password.
    enum Problem: Error, CustomStringConvertible {
        /// A `key=value` pair without `=`.
        case missingEquals(position: Int)
        /// A value that does not fit its key (port, SSL mode, timeout).
        case badValue(key: String, expected: String)
        /// A URL that does not parse.
        case badURL(String)

        var description: String {
            switch self {
            case .missingEquals(let position):
                "part \(position) of the connection string has no '='; write key=value pairs separated by ';'"
            case .badValue(let key, let expected): "the value of '\(key)' must be \(expected)"
            case .badURL(let problem): "the postgresql:// URL \(problem)"
            }
        }
    }

    init() {}

    init(connectionString raw: String) throws(Problem) {
        let text = raw.trimmingASCIISpaces()
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            try readURL(text)
            return
        }
        let pairs = text.contains(";") ? Self.semicolonPairs(text).map(Self.split) : Self.libpqPairs(text)
        for (position, pair) in pairs.enumerated() {
            guard let value = pair.value else { throw .missingEquals(position: position + 1) }
            try set(key: pair.key, value: value, fromDiscreteProperty: false)
        }
    }

    /// Applies one key. Discrete linked-service properties use the same names as connection
    /// string keys (`server`, `port`, `database`, `username`, `sslMode`).
    mutating func set(key: String, value: String, fromDiscreteProperty: Bool) throws(Problem) {
        let normalized = key.lowercased().filter { $0 != " " && $0 != "_" }
        switch normalized {
        case "host", "server", "datasource", "address", "addr", "networkaddress":
            var host = value
            if host.lowercased().hasPrefix("tcp:") { host = String(host.dropFirst(4)) }
            // SQL Server style "server,5432".
            if let comma = host.firstIndex(of: ",") {
                port = try Self.port(String(host[host.index(after: comma)...]), key: key)
                host = String(host[..<comma])
            }
            self.host = host
        case "port":
            port = try Self.port(value, key: key)
        case "database", "db", "dbname", "initialcatalog":
            database = value
        case "user", "username", "userid", "uid":
            user = value
        case "password", "pwd":
            password = value
        case "sslmode", "encryptionmethod":
            sslMode = try Self.sslMode(value, key: key)
        case "connecttimeout", "timeout":
            guard let seconds = Int(value), seconds > 0 else {
                throw .badValue(key: key, expected: "a positive number of seconds")
            }
            connectTimeoutSeconds = seconds
        default:
            break
        }
    }

    private static func port(_ value: String, key: String) throws(Problem) -> Int {
        guard let port = Int(value.trimmingASCIISpaces()), (1...65535).contains(port) else {
            throw .badValue(key: key, expected: "a port number from 1 to 65535")
        }
        return port
    }

    private static func sslMode(_ value: String, key: String) throws(Problem) -> PostgresConnectionSettings.SSLMode {
        let normalized = value.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" }
        if key.lowercased().filter({ $0 != " " && $0 != "_" }) == "encryptionmethod" {
            // ODBC's EncryptionMethod, used by ADF's older PostgreSQL connector: 0 none, 1 SSL.
            switch normalized {
            case "0": return .disable
            case "1": return .require
            default: throw .badValue(key: key, expected: "0 (no encryption) or 1 (SSL)")
            }
        }
        // The newer ADF connector writes sslMode as a number from 0 (disable) to 5 (verify-full).
        switch normalized {
        case "disable", "0": return .disable
        case "allow", "1": return .allow
        case "prefer", "2": return .prefer
        case "require", "3": return .require
        case "verifyca", "4": return .verifyCA
        case "verifyfull", "5": return .verifyFull
        default:
            throw .badValue(
                key: key, expected: "one of disable, allow, prefer, require, verify-ca, verify-full (or 0…5)")
        }
    }

    private mutating func readURL(_ text: String) throws(Problem) {
        guard let schemeEnd = text.firstRange(of: "://") else { throw .badURL("has no '://'") }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let name = Self.percentDecoded(String(rest[rest.index(after: slash)...]))
            if !name.isEmpty { database = name }
        }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.percentDecoded(String(credentials[..<colon]))
                password = Self.percentDecoded(String(credentials[credentials.index(after: colon)...]))
            } else {
                user = Self.percentDecoded(String(credentials))
            }
        }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(String(after.dropFirst()), key: "port") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = try Self.port(String(authority[authority.index(after: colon)...]), key: "port")
        } else if !authority.isEmpty {
            host = String(authority)
        }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw .badURL("has the query part '\(parts.first ?? "")' without '='") }
            try set(key: String(parts[0]), value: Self.percentDecoded(String(parts[1])), fromDiscreteProperty: false)
        }
    }

    /// `a=1; b='x;y'` split at semicolons outside quotes.
    private static func semicolonPairs(_ text: String) -> [String] {
        var pairs: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == ";" {
                pairs.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pairs.append(current)
        return pairs.map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }
    }

    /// `key=value` with surrounding quotes removed from the value; nil value without `=`.
    private static func split(_ pair: String) -> (key: String, value: String?) {
        guard let equals = pair.firstIndex(of: "=") else { return (pair, nil) }
        let key = String(pair[..<equals]).trimmingASCIISpaces()
        return (key, unquoted(String(pair[pair.index(after: equals)...]).trimmingASCIISpaces()))
    }

    /// libpq's `a=1 b = 'x y'`: pairs separated by spaces, values optionally single-quoted with
    /// `\'` and `\\` escapes.
    private static func libpqPairs(_ text: String) -> [(key: String, value: String?)] {
        let characters = Array(text)
        var pairs: [(key: String, value: String?)] = []
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        while true {
            skipSpaces()
            guard index < characters.count else { return pairs }
            var key = ""
            while index < characters.count, characters[index] != "=", !characters[index].isWhitespace {
                key.append(characters[index])
                index += 1
            }
            skipSpaces()
            guard index < characters.count, characters[index] == "=" else {
                pairs.append((key, nil))
                continue
            }
            index += 1
            skipSpaces()
            var value = ""
            if index < characters.count, characters[index] == "'" {
                index += 1
                while index < characters.count, characters[index] != "'" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    value.append(characters[index])
                    index += 1
                }
            }
            pairs.append((key, value))
        }
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["'", "\""] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
