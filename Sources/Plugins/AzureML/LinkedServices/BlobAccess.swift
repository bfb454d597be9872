import PluginKit

/// How the Azure ML service reaches the blobs of one storage linked service. The Batch Execution
/// protocol takes either a storage connection string or a blob base URL with a SAS token
/// (reference/adf.md §2.4, §3.3), so a storage linked service must give one of them.
enum BlobAccess: Sendable, Equatable {
    /// `connectionString` (with the account key or a SAS inside).
    case connectionString(StorageConnectionString)
    /// `sasUri` (and `sasToken`): the account's blob service URL and the token.
    case sharedAccessSignature(serviceURL: String, token: String)

    /// The linked service types whose blobs Azure ML can read and write.
    static let storageTypes = ["AzureStorage", "AzureBlobStorage"]

    /// Reads a storage linked service.
    ///
    /// - `connectionString` (string, SecureString or resolved Key Vault reference), with
    ///   `accountKey` added when `AzureBlobStorage` keeps the key apart;
    /// - `sasUri` (the token in its query, or in `sasToken`).
    ///
    /// Service principal and managed identity access cannot be expressed in a Batch Execution
    /// request and are refused with a message saying so.
    init(_ service: Invocation.LinkedService) throws(ActivityFailure) {
        let properties = LinkedServiceProperties(service)
        guard Self.storageTypes.contains(where: { asciiCaseInsensitiveEquals($0, service.type) }) else {
            throw .userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; Azure ML web service inputs, outputs and trained models need an AzureStorage or AzureBlobStorage linked service.",
                code: ActivityErrorCode.invalidPropertyValue)
        }
        if let text = try properties.secret("connectionString") {
            let accountKey = try properties.secret("accountKey")
            do throws(StorageConnectionString.Problem) {
                self = .connectionString(try StorageConnectionString(parsing: text, accountKey: accountKey))
            } catch {
                throw .invalidProperty("\(properties.reader.path).connectionString", error.description)
            }
            return
        }
        if let uri = try properties.secret("sasUri") {
            let path = "\(properties.reader.path).sasUri"
            let (url, query) = Self.split(uri)
            guard ServiceURL.isHTTP(url) else {
                throw .invalidProperty(path, "expected a blob service URL such as https://<account>.blob.core.windows.net/?<token>")
            }
            let separateToken = try properties.secret("sasToken")
            guard let token = separateToken ?? query, !token.isEmpty else {
                throw .invalidProperty(path, "the SAS URI has no token (nothing after '?') and there is no sasToken")
            }
            self = .sharedAccessSignature(serviceURL: url, token: token.hasPrefix("?") ? token : "?" + token)
            return
        }
        if properties.has("serviceEndpoint") || properties.has("servicePrincipalId") || properties.has("credential") {
            throw .userError(
                "Linked service '\(service.name)' authenticates with a service principal or managed identity; an Azure ML Batch Execution request can only pass storage access as a connection string or a SAS URI. Give the linked service a connectionString or a sasUri.",
                code: ActivityErrorCode.invalidPropertyValue)
        }
        throw .missingProperty("\(properties.reader.path).connectionString")
    }

    /// The secret parts, for scrubbing messages that come back from the service.
    var secrets: [String] {
        switch self {
        case .connectionString(let parsed):
            return [parsed.text, parsed.accountKey, parsed.sharedAccessSignature].compactMap { $0 }
        case .sharedAccessSignature(_, let token):
            return [token, String(token.dropFirst())]
        }
    }

    /// The blob service URL (with a trailing slash) under which `relativeLocation` names the blob:
    /// for a SAS URI that already names the blob's container, the URL without it.
    func baseLocation(for relativeLocation: String) -> String {
        switch self {
        case .connectionString(let parsed):
            return parsed.blobServiceURL
        case .sharedAccessSignature(let serviceURL, _):
            var segments = serviceURL.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            while segments.last == "" { segments.removeLast() }
            let container = relativeLocation.drop { $0 == "/" }.split(separator: "/").first.map(String.init)
            // "https:", "", "host", then path segments: drop the container when the URI names it.
            if segments.count > 3, let container, segments.last == container { segments.removeLast() }
            return segments.joined(separator: "/") + "/"
        }
    }

    /// Splits a URI at its first `?` into the URL and the query (nil when there is none).
    private static func split(_ uri: String) -> (String, String?) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, nil) }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}
