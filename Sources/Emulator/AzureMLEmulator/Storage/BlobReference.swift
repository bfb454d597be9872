import Foundation

/// An `AzureBlobDataReference` of a BES request or an Update Resource `Location`: either
/// `ConnectionString` + `RelativeLocation`, or `BaseLocation` + `RelativeLocation` + `SasBlobToken`.
struct BlobReference: Sendable, Equatable {
    var connectionString: String?
    var relativeLocation: String?
    var baseLocation: String?
    var sasBlobToken: String?

    /// Reads the four fields, ignoring property-name case as the .NET service did.
    init?(_ json: WireJSON) {
        guard case .object = json else { return nil }
        connectionString = json[property: "ConnectionString"]?.stringValue
        relativeLocation = json[property: "RelativeLocation"]?.stringValue
        baseLocation = json[property: "BaseLocation"]?.stringValue
        sasBlobToken = json[property: "SasBlobToken"]?.stringValue
    }

    init(
        connectionString: String? = nil, relativeLocation: String?, baseLocation: String? = nil,
        sasBlobToken: String? = nil
    ) {
        self.connectionString = connectionString
        self.relativeLocation = relativeLocation
        self.baseLocation = baseLocation
        self.sasBlobToken = sasBlobToken
    }

    /// How the reference appears in error messages: its relative location, never a key or signature.
    var displayName: String { relativeLocation ?? "(no RelativeLocation)" }
}

/// Turns blob references into checked blob locations: parses the connection string or SAS, verifies the
/// account key or the SAS signature and permission, and reports problems with Azure ML's detail codes.
struct BlobReferenceResolver: Sendable {
    let store: BlobStore

    /// The blob the reference names, after checking the reference grants `permission`.
    func resolve(_ reference: BlobReference, for permission: BlobPermission, now: Date = Date())
        throws(AzureMLServiceError) -> BlobLocation
    {
        guard let relative = reference.relativeLocation, !relative.isEmpty else {
            throw .inputBlobRelativeLocationInvalid()
        }
        let name = reference.displayName
        if let connectionText = reference.connectionString, !connectionText.isEmpty {
            let connection: StorageConnectionString
            do {
                connection = try StorageConnectionString.parse(connectionText)
            } catch {
                throw .invalidBlobConnectionString(error.description)
            }
            let location = try locate(account: connection.accountName, relative: relative, name: name)
            let account = try existingAccount(connection.accountName, name: name)
            switch connection.credential {
            case .accountKey(let key):
                guard account.acceptsKey(key) else {
                    throw .blobNotFound(name, azureMessage: StorageError.authenticationFailed("").message)
                }
            case .sharedAccessSignature(let token):
                try authorize(token, account: account, location: location, permission: permission, now: now, name: name)
            }
            return location
        }
        guard let base = reference.baseLocation, !base.isEmpty, let tokenText = reference.sasBlobToken,
            !tokenText.isEmpty
        else { throw .missingInputBlobInformation() }
        guard let accountName = StorageEndpointURL.accountName(from: base) else { throw .invalidBlob(name) }
        let location = try locate(account: accountName, relative: relative, name: name)
        let account = try existingAccount(accountName, name: name)
        guard let token = BlobSharedAccessSignature(queryString: tokenText) else {
            throw .blobNotFound(name, azureMessage: StorageError.noCredentials.fullMessage)
        }
        try authorize(token, account: account, location: location, permission: permission, now: now, name: name)
        return location
    }

    private func locate(account: String, relative: String, name: String) throws(AzureMLServiceError) -> BlobLocation {
        do {
            return try BlobLocation.parse(account: account, relativeLocation: relative)
        } catch {
            throw .invalidBlob(name)
        }
    }

    private func existingAccount(_ accountName: String, name: String) throws(AzureMLServiceError) -> StorageAccount {
        do {
            return try store.account(accountName)
        } catch {
            throw .blobNotFound(name, azureMessage: error.fullMessage)
        }
    }

    private func authorize(
        _ token: BlobSharedAccessSignature, account: StorageAccount, location: BlobLocation,
        permission: BlobPermission, now: Date, name: String
    ) throws(AzureMLServiceError) {
        do {
            try SharedAccessAuthorization.authorize(
                token, account: account, container: location.container, blob: location.path, permission: permission,
                now: now
            )
        } catch {
            throw .blobNotFound(name, azureMessage: error.fullMessage)
        }
    }
}
