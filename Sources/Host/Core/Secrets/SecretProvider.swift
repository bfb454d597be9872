/// A linked service's reference to a secret in Azure Key Vault
/// (`{"type": "AzureKeyVaultSecret", "store": {…}, "secretName": …, "secretVersion": …}`).
public struct KeyVaultSecretReference: Sendable, Hashable, CustomStringConvertible {
    /// The name of the `AzureKeyVault` linked service named by `store`.
    public var store: String
    /// The vault's name: the first label of the store's `baseUrl` host
    /// (`https://contoso.vault.azure.net` → `contoso`), or the store's name when it has no baseUrl.
    public var vaultName: String
    public var secretName: String
    public var secretVersion: String?

    public init(store: String, vaultName: String, secretName: String, secretVersion: String? = nil) {
        self.store = store
        self.vaultName = vaultName
        self.secretName = secretName
        self.secretVersion = secretVersion
    }

    public var description: String {
        "secret '\(secretName)'\(secretVersion.map { " version '\($0)'" } ?? "") of Key Vault '\(vaultName)' (linked service '\(store)')"
    }
}

/// Why a secret could not be found.
public struct SecretLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reference: KeyVaultSecretReference
    /// Where the provider looked, in order, for the message.
    public var searched: [String]

    public init(reference: KeyVaultSecretReference, searched: [String]) {
        self.reference = reference
        self.searched = searched
    }

    public var description: String {
        "the \(reference) was not found; pipehost looked in \(searched.joined(separator: ", ")). "
            + "Add it to the secrets file (--secrets) or set one of those environment variables (docs/secrets.md)"
    }
}

/// Resolves Key Vault secret references to their values. pipehost ships `LocalSecretProvider`
/// (environment variables and a secrets file); a real Key Vault client would implement the same.
public protocol SecretProvider: Sendable {
    func secret(for reference: KeyVaultSecretReference) throws(SecretLookupError) -> String
}
