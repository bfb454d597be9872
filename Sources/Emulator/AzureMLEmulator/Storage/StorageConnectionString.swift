import Foundation

/// An Azure Storage connection string as BES requests carry it:
/// `DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>[;BlobEndpoint=<url>][;EndpointSuffix=…]`,
/// `BlobEndpoint=<url>;SharedAccessSignature=<token>`, or `UseDevelopmentStorage=true`.
struct StorageConnectionString: Sendable, Equatable {
    /// How the connection string proves access.
    enum Credential: Sendable, Equatable {
        case accountKey(String)
        case sharedAccessSignature(BlobSharedAccessSignature)
    }

    let accountName: String
    let credential: Credential

    /// Parses the connection string.
    ///
    /// - Throws: a description of the problem that never repeats the key.
    static func parse(_ text: String) throws(ConnectionStringProblem) -> StorageConnectionString {
        var settings: [String: String] = [:]
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw .malformedSetting(String(pair[0]).trimmingCharacters(in: .whitespaces)) }
            settings[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = String(pair[1])
                .trimmingCharacters(in: .whitespaces)
        }
        if settings["usedevelopmentstorage"]?.lowercased() == "true" {
            return StorageConnectionString(
                accountName: StorageAccountConfiguration.developmentAccountName,
                credential: .accountKey(StorageAccountConfiguration.developmentAccountKey)
            )
        }
        let endpointAccount = settings["blobendpoint"].flatMap(StorageEndpointURL.accountName(from:))
        guard let accountName = settings["accountname"] ?? endpointAccount, !accountName.isEmpty else {
            throw .missingAccountName
        }
        if let key = settings["accountkey"], !key.isEmpty {
            guard Data(base64Encoded: key) != nil else { throw .keyNotBase64 }
            return StorageConnectionString(accountName: accountName, credential: .accountKey(key))
        }
        if let sas = settings["sharedaccesssignature"], let token = BlobSharedAccessSignature(queryString: sas) {
            return StorageConnectionString(accountName: accountName, credential: .sharedAccessSignature(token))
        }
        throw .missingCredential
    }
}

/// What is wrong with a connection string.
enum ConnectionStringProblem: Error, Equatable, CustomStringConvertible {
    /// A `;`-separated part is not `name=value`.
    case malformedSetting(String)
    /// Neither `AccountName` nor an account-specific `BlobEndpoint`.
    case missingAccountName
    /// Neither `AccountKey` nor `SharedAccessSignature`.
    case missingCredential
    /// `AccountKey` is not base64.
    case keyNotBase64

    var description: String {
        switch self {
        case .malformedSetting(let name): "the setting '\(name)' is not of the form Name=Value"
        case .missingAccountName: "it names no AccountName"
        case .missingCredential: "it has neither an AccountKey nor a SharedAccessSignature"
        case .keyNotBase64: "its AccountKey is not base64"
        }
    }
}

/// Blob service URLs: Azure's `https://<account>.blob.core.windows.net/`, the emulator's own
/// `http://127.0.0.1:<port>/blob/<account>/`, and Azurite's `http://127.0.0.1:10000/<account>/`.
enum StorageEndpointURL {
    /// The account a blob service base URL points at.
    static func accountName(from text: String) -> String? {
        guard let components = URLComponents(string: text), let host = components.host else { return nil }
        let labels = host.split(separator: ".")
        if labels.count > 2, labels[1] == "blob" { return String(labels[0]) }
        let segments = components.path.split(separator: "/").map(String.init)
        if segments.first == "blob", segments.count > 1 { return segments[1] }
        return segments.first
    }
}
