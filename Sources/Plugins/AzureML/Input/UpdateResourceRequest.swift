import Foundation
import PluginKit

/// The body of an Update Resource `PATCH` (reference/adf.md §4.2), built from the activity's
/// `typeProperties` (§4.1):
///
/// ```json
/// {"Resources": [{"Name": "<trainedModelName>",
///                 "Location": {"BaseLocation": "https://acct.blob.core.windows.net/",
///                              "RelativeLocation": "container/model.ilearner",
///                              "SasBlobToken": "?sv=…&sr=b&sp=r&sig=…"}}]}
/// ```
///
/// The token is a read-only service SAS for the `.ilearner` blob alone, signed here with the
/// account key, so the account key never leaves the host; a SAS linked service's own token is
/// passed on instead.
struct UpdateResourceRequest: Sendable {
    /// `trainedModelName`: the Trained Model resource of the predictive experiment.
    let trainedModelName: String
    /// `trainedModelFilePath`, `container/path/model.ilearner`.
    let relativeLocation: String
    /// The blob service URL of the storage account.
    let baseLocation: String
    /// The SAS token with its leading `?`.
    let sasBlobToken: String
    /// Secrets the request carries or was made from.
    let secrets: [String]

    /// Reads `typeProperties` and signs the token.
    init(
        typeProperties: JSONValue, linkedServices: [String: Invocation.LinkedService], sasLifetime: Duration,
        now: @autoclosure () -> Date = Date()
    ) throws(ActivityFailure) {
        let properties = PropertyReader(typeProperties, path: "typeProperties")
        trainedModelName = try properties.required("trainedModelName").string()
        let fileProperty = try properties.required("trainedModelFilePath")
        relativeLocation = try fileProperty.string()
        let service = try StorageLookup(linkedServices).service(properties.required("trainedModelLinkedServiceName"))
        let access = try BlobAccess(service)
        baseLocation = access.baseLocation(for: relativeLocation)
        switch access {
        case .sharedAccessSignature(_, let token):
            sasBlobToken = token
        case .connectionString(let parsed):
            if let accountKey = parsed.accountKey {
                let (container, blob) = try Self.split(relativeLocation, path: fileProperty.path)
                let signer = BlobSASSigner(accountName: parsed.accountName, accountKey: accountKey)
                let grant = BlobSASSigner.readOnlyGrant(
                    lifetime: sasLifetime, overHTTPS: ServiceURL.isHTTPS(baseLocation), now: now())
                do throws(BlobSASSigner.Problem) {
                    sasBlobToken = try signer.token(container: container, blob: blob, grant: grant)
                } catch {
                    throw .invalidProperty("linkedService(\(service.name)).typeProperties.connectionString", error.description)
                }
            } else if let signature = parsed.sharedAccessSignature {
                sasBlobToken = signature.hasPrefix("?") ? signature : "?" + signature
            } else {
                throw .invalidProperty(
                    "linkedService(\(service.name)).typeProperties.connectionString",
                    "it has neither an AccountKey nor a SharedAccessSignature")
            }
        }
        secrets = access.secrets + [sasBlobToken, String(sasBlobToken.dropFirst())]
    }

    /// The JSON body.
    var json: JSONValue {
        [
            "Resources": [
                [
                    "Name": .string(trainedModelName),
                    "Location": [
                        "BaseLocation": .string(baseLocation), "RelativeLocation": .string(relativeLocation),
                        "SasBlobToken": .string(sasBlobToken),
                    ],
                ]
            ]
        ]
    }

    /// `container/path/blob` → (`container`, `path/blob`).
    static func split(_ relativeLocation: String, path: String) throws(ActivityFailure) -> (String, String) {
        let trimmed = relativeLocation.drop { $0 == "/" }
        guard let slash = trimmed.firstIndex(of: "/"), slash != trimmed.startIndex,
            trimmed.index(after: slash) != trimmed.endIndex
        else {
            throw .invalidProperty(path, "expected the container and the blob path, such as models/retrained.ilearner")
        }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }
}
