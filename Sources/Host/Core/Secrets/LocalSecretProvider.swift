import Foundation
import PipehostJSON

/// Resolves Key Vault references from a secrets file and environment variables, so pipelines that
/// keep their credentials in Key Vault run locally unchanged. See docs/secrets.md.
///
/// Lookup order for secret `S` (version `V`) of vault `K` referenced through linked service `L`:
/// 1. the secrets file: `K` → `S@V`, `K` → `S`, `L` → `S`, `*` → `S`
/// 2. environment variables: `PIPEHOST_SECRET_<K>__<S>`, then `PIPEHOST_SECRET_<S>` (names
///    upper-cased, every character other than A–Z and 0–9 replaced by `_`)
public struct LocalSecretProvider: SecretProvider {
    /// Why a secrets file cannot be used.
    public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file does not exist or cannot be read.
        case unreadable(path: String)
        /// The file is not JSON.
        case invalidJSON(path: String, reason: String)
        /// The JSON does not have the `{"<vault>": {"<secret>": "<value>"}}` shape.
        case invalidShape(path: String, jsonPath: String)

        public var description: String {
            switch self {
            case .unreadable(let path):
                "cannot read the secrets file '\(path)'"
            case .invalidJSON(let path, let reason):
                "the secrets file '\(path)' is not valid JSON: \(reason)"
            case .invalidShape(let path, let jsonPath):
                "the secrets file '\(path)' at \(jsonPath) must map vault names to objects of secret names and string values, e.g. {\"contoso\": {\"sql-password\": \"…\"}}"
            }
        }
    }

    /// Secret values by vault (or linked service) name, then secret name (optionally `name@version`).
    public var vaults: [String: [String: String]]
    public var environment: [String: String]

    public init(vaults: [String: [String: String]] = [:], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.vaults = vaults
        self.environment = environment
    }

    /// Reads a secrets file, keeping the environment as the second source.
    public init(secretsFile path: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(FileError)
    {
        var vaults: [String: [String: String]] = [:]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
            let json: JSONValue
            do {
                json = try JSONParser.parse(TextDecoding.utf8Bytes([UInt8](data)))
            } catch {
                throw .invalidJSON(path: path, reason: "\(error)")
            }
            guard case .object(let root) = json else { throw .invalidShape(path: path, jsonPath: "$") }
            for (vault, secrets) in root {
                guard case .object(let members) = secrets else { throw .invalidShape(path: path, jsonPath: "$.\(vault)") }
                var values: [String: String] = [:]
                for (name, value) in members {
                    guard case .string(let text) = value else {
                        throw .invalidShape(path: path, jsonPath: "$.\(vault).\(name)")
                    }
                    values[name] = text
                }
                vaults[vault] = values
            }
        }
        self.init(vaults: vaults, environment: environment)
    }

    public func secret(for reference: KeyVaultSecretReference) throws(SecretLookupError) -> String {
        var searched: [String] = []
        let name = reference.secretName
        var fileKeys: [(String, String)] = []
        if let version = reference.secretVersion { fileKeys.append((reference.vaultName, "\(name)@\(version)")) }
        fileKeys += [(reference.vaultName, name), (reference.store, name), ("*", name)]
        for (vault, key) in fileKeys {
            searched.append("secrets file \"\(vault)\".\"\(key)\"")
            if let value = vaults[vault]?[key] ?? vaults.first(where: { $0.key.lowercased() == vault.lowercased() })?.value[key] {
                return value
            }
        }
        let variables = [
            "PIPEHOST_SECRET_\(Self.environmentName(reference.vaultName))__\(Self.environmentName(name))",
            "PIPEHOST_SECRET_\(Self.environmentName(name))",
        ]
        for variable in variables {
            searched.append("$\(variable)")
            if let value = environment[variable] { return value }
        }
        throw SecretLookupError(reference: reference, searched: searched)
    }

    /// `sql-password` → `SQL_PASSWORD`.
    public static func environmentName(_ text: String) -> String {
        String(text.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
    }
}
