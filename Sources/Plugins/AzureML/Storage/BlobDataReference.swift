import PluginKit

/// One blob as the Azure ML service addresses it (the `AzureBlobDataReference` of reference/adf.md
/// §3.3): a connection string and a relative location, or a base URL, relative location and SAS.
/// The full URL is `BaseLocation + RelativeLocation + SasBlobToken`.
struct BlobDataReference: Sendable {
    let access: BlobAccess
    /// `container/path/blob.ext`, as the activity's `filePath` gives it.
    let relativeLocation: String

    /// The wire form.
    var json: JSONValue {
        switch access {
        case .connectionString(let parsed):
            return ["ConnectionString": .string(parsed.text), "RelativeLocation": .string(relativeLocation)]
        case .sharedAccessSignature(_, let token):
            return [
                "BaseLocation": .string(access.baseLocation(for: relativeLocation)),
                "RelativeLocation": .string(relativeLocation), "SasBlobToken": .string(token),
            ]
        }
    }
}
