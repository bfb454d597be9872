import Foundation
import PluginKit

/// Reads `AzureBlobStorage` and `AzureBlobFS` linked services into a ``BlobServiceAccess``.
///
/// - `AzureBlobStorage`: `connectionString` (the key or SAS inside it, or `accountKey` beside it),
///   or `sasUri` (token in its query or in `sasToken`), or `serviceEndpoint` + `accountKey`.
/// - `AzureBlobFS` (Data Lake Gen2): `url` + `accountKey`, or `sasUri` (+ `sasToken`), spoken over the
///   blob endpoint: a `<account>.dfs.<suffix>` host becomes `<account>.blob.<suffix>`; any other URL
///   (the emulator's) is used as it is.
///
/// Secrets may be plain strings or `SecureString` objects (the host resolves Key Vault references
/// before the call). Messages name the property, never its value.
enum BlobLinkedService {
    static let blobStorageType = "AzureBlobStorage"
    static let dataLakeType = "AzureBlobFS"

    static func access(_ service: Invocation.LinkedService) throws(ActivityFailure) -> BlobServiceAccess {
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        let isDataLake = service.type.lowercased() == dataLakeType.lowercased()
        let accountKey = try secret(reader, "accountKey")
        if !isDataLake, let text = try secret(reader, "connectionString") {
            let parsed: BlobConnectionString
            do {
                parsed = try BlobConnectionString(parsing: text)
            } catch {
                throw ActivityFailure.invalidProperty(reader.member("connectionString"), error.description)
            }
            let endpoint = BlobServiceAccess.trimmed(parsed.blobEndpoint ?? "")
            guard let name = parsed.accountName ?? BlobServiceAccess.accountName(fromServiceURL: endpoint) else {
                throw ActivityFailure.invalidProperty(reader.member("connectionString"), "it has no AccountName")
            }
            if let key = accountKey ?? parsed.accountKey {
                return try sharedKey(key, url: endpoint, account: name, path: reader.member("accountKey"),
                                     secrets: [text])
            }
            if let token = parsed.sharedAccessSignature {
                return sas(token, url: endpoint, account: name, secrets: [text])
            }
            throw ActivityFailure.invalidProperty(
                reader.member("connectionString"), BlobConnectionString.Problem.noCredential.description)
        }
        if let uri = try secret(reader, "sasUri") {
            let url = BlobServiceAccess.trimmed(uri)
            try checkHTTP(url, property: reader.member("sasUri"))
            let query = uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) }
            guard let token = try secret(reader, "sasToken") ?? query, !token.isEmpty else {
                throw ActivityFailure.invalidProperty(
                    reader.member("sasUri"), "the SAS URI has no token (nothing after '?') and there is no sasToken")
            }
            let endpoint = isDataLake ? blobEndpoint(ofDataLake: url) : url
            let name = BlobServiceAccess.accountName(fromServiceURL: endpoint) ?? ""
            return sas(token, url: endpoint, account: name, secrets: [uri])
        }
        let urlProperty = isDataLake ? "url" : "serviceEndpoint"
        guard let url = try reader.string(urlProperty) else {
            throw ActivityFailure.missingProperty(reader.member(isDataLake ? "url" : "connectionString"))
        }
        try checkHTTP(url, property: reader.member(urlProperty))
        let endpoint = isDataLake ? blobEndpoint(ofDataLake: BlobServiceAccess.trimmed(url)) : BlobServiceAccess.trimmed(url)
        guard let key = accountKey else {
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' gives \(urlProperty) without accountKey; pipehost reaches blob "
                    + "storage with an account key, a SAS or a connection string, not a service principal or managed "
                    + "identity. Add accountKey, or use sasUri or connectionString.",
                code: ActivityErrorCode.missingRequiredProperty)
        }
        guard let name = BlobServiceAccess.accountName(fromServiceURL: endpoint) else {
            throw ActivityFailure.invalidProperty(reader.member(urlProperty), "the URL names no storage account")
        }
        return try sharedKey(key, url: endpoint, account: name, path: reader.member("accountKey"), secrets: [])
    }

    /// `https://acct.dfs.core.windows.net` → `https://acct.blob.core.windows.net`; other URLs unchanged.
    static func blobEndpoint(ofDataLake url: String) -> String {
        guard var components = URLComponents(string: url), let host = components.host else { return url }
        var labels = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.count > 2, labels[1].lowercased() == "dfs" else { return url }
        labels[1] = "blob"
        components.host = labels.joined(separator: ".")
        return components.string ?? url
    }

    private static func sharedKey(
        _ key: String, url: String, account: String, path: String, secrets: [String]
    ) throws(ActivityFailure) -> BlobServiceAccess {
        guard let bytes = Data(base64Encoded: key), !bytes.isEmpty else {
            throw ActivityFailure.invalidProperty(path, "the account key is not base64 (copy it from the storage account's Access keys)")
        }
        return BlobServiceAccess(
            serviceURL: url, accountName: account, credential: .sharedKey(bytes), secrets: secrets + [key])
    }

    private static func sas(_ token: String, url: String, account: String, secrets: [String]) -> BlobServiceAccess {
        let bare = token.hasPrefix("?") ? String(token.dropFirst()) : token
        return BlobServiceAccess(
            serviceURL: url, accountName: account, credential: .sharedAccessSignature(bare),
            secrets: secrets + [bare])
    }

    private static func checkHTTP(_ url: String, property: String) throws(ActivityFailure) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), URLComponents(string: url)?.host != nil
        else {
            throw ActivityFailure.invalidProperty(property, "expected an https:// URL of the storage account")
        }
    }

    /// A property that may hold a secret: a string or a `SecureString` object; nil when absent.
    static func secret(_ reader: PropertyReader, _ key: String) throws(ActivityFailure) -> String? {
        guard let value = reader.value(key) else { return nil }
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .object(let object):
            let type = object[caseInsensitive: "type"]?.stringValue?.lowercased()
            if type == "securestring", let text = object[caseInsensitive: "value"]?.stringValue { return text }
            if type == "azurekeyvaultsecret" {
                throw ActivityFailure.invalidProperty(
                    reader.member(key), "the Key Vault reference was not resolved by the host; configure a secret provider")
            }
            throw ActivityFailure.wrongPropertyType(reader.member(key), "expected a string or a SecureString")
        default:
            throw ActivityFailure.wrongPropertyType(reader.member(key), "expected a string, found \(value.typeName)")
        }
    }
}
