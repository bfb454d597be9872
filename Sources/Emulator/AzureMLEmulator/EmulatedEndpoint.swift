import Foundation

/// A running endpoint as a client sees it: its URLs and its key.
public struct EmulatedEndpoint: Sendable, Hashable {
    /// The web service's name.
    public let webServiceName: String
    /// The web service id of the Update Resource URL.
    public let webServiceId: String
    /// What the web service's jobs compute.
    public let operation: WebServiceOperation
    /// The endpoint name.
    public let name: String
    /// Whether this is the web service's default endpoint (its model can't be updated).
    public let isDefault: Bool
    /// The id in the Batch Execution URL.
    public let serviceId: String
    /// The key to send as `Authorization: Bearer <apiKey>`.
    public let apiKey: String
    /// The Batch Execution URL as the portal showed it, an AzureML linked service's `mlEndpoint`:
    /// `http://127.0.0.1:PORT/workspaces/<ws>/services/<serviceId>/jobs?api-version=2.0`.
    public let batchExecutionURL: String
    /// The Update Resource URL, an AzureML linked service's `updateResourceEndpoint`:
    /// `http://127.0.0.1:PORT/workspaces/<ws>/webservices/<webServiceId>/endpoints/<name>`.
    public let updateResourceURL: String
    /// The web service input names.
    public let inputs: [String]
    /// The web service output names.
    public let outputs: [String]
    /// The trained-model resource name a PATCH must use, for score services.
    public let trainedModelResourceName: String?
}

/// A storage account the emulator serves, as a client configures it.
public struct EmulatedStorageAccount: Sendable, Hashable {
    /// The account name.
    public let name: String
    /// The account key (base64).
    public let key: String
    /// The folder holding the account's containers.
    public let folder: URL
    /// The account's blob service URL on the emulator, with a trailing slash:
    /// `http://127.0.0.1:PORT/blob/<name>/`.
    public let blobEndpoint: String

    /// A connection string for BES requests and storage linked services:
    /// `DefaultEndpointsProtocol=http;AccountName=…;AccountKey=…;BlobEndpoint=…`.
    public var connectionString: String {
        "DefaultEndpointsProtocol=http;AccountName=\(name);AccountKey=\(key);BlobEndpoint=\(blobEndpoint)"
    }

    /// The local file of a blob (`container/path`).
    public func fileURL(relativeLocation: String) -> URL {
        folder.appendingPathComponent(relativeLocation)
    }

    /// A service SAS for one blob, e.g. for uploading an input (`permissions: "w"`) or downloading a result
    /// (`"r"`); append it to `blobEndpoint + relativeLocation`.
    ///
    /// - Returns: the query string with a leading `?`.
    public func sasToken(
        forBlob relativeLocation: String, permissions: String, validFor lifetime: TimeInterval = 3600,
        now: Date = Date()
    ) -> String {
        let parts = relativeLocation.drop(while: { $0 == "/" }).split(separator: "/", maxSplits: 1)
        let token = BlobSharedAccessSignature(
            permissions: permissions, start: SASTime.format(now.addingTimeInterval(-300)),
            expiry: SASTime.format(now.addingTimeInterval(lifetime)), resource: "b"
        ).signed(
            account: name, container: parts.first.map(String.init) ?? "", blob: parts.count > 1 ? String(parts[1]) : "",
            accountKey: key
        )
        return "?" + token.queryString
    }

    /// A service SAS for every blob of a container (`sr=c`), with a leading `?`.
    public func sasToken(
        forContainer container: String, permissions: String, validFor lifetime: TimeInterval = 3600, now: Date = Date()
    ) -> String {
        let token = BlobSharedAccessSignature(
            permissions: permissions, start: SASTime.format(now.addingTimeInterval(-300)),
            expiry: SASTime.format(now.addingTimeInterval(lifetime)), resource: "c"
        ).signed(account: name, container: container, blob: nil, accountKey: key)
        return "?" + token.queryString
    }
}
