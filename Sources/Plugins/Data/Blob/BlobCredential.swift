import Foundation

/// How requests to a storage account are authorized: Shared Key (the account key signs each
/// request) or a SAS token appended to every URL.
enum BlobCredential: Sendable, Equatable {
    /// The decoded account key; requests carry `Authorization: SharedKey <account>:<signature>`.
    case sharedKey(Data)
    /// A SAS token without the leading `?`.
    case sharedAccessSignature(String)
}

/// A storage account's blob service as the data activities reach it.
struct BlobServiceAccess: Sendable, Equatable {
    /// The blob service URL without a trailing `/` or query: `https://acct.blob.core.windows.net`,
    /// or a path-style URL such as the emulator's `http://127.0.0.1:PORT/blob/acct`.
    var serviceURL: String
    /// The account name Shared Key signatures use.
    var accountName: String
    var credential: BlobCredential
    /// The secret texts (key, SAS, connection string) that must never appear in a message.
    var secrets: [String]

    /// The account name a service URL implies: the first label of a `<account>.blob.…` (or `.dfs.`)
    /// host, else the last path segment of a path-style URL (`http://127.0.0.1:10000/devstoreaccount1`).
    static func accountName(fromServiceURL url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        let labels = host.split(separator: ".")
        let isIPAddress = labels.count == 4 && labels.allSatisfy { UInt8($0) != nil }
        if labels.count > 2, !isIPAddress, ["blob", "dfs"].contains(labels[1].lowercased()) {
            return String(labels[0])
        }
        return components.path.split(separator: "/").last.map(String.init)
    }

    /// The URL without a query and trailing slashes.
    static func trimmed(_ url: String) -> String {
        var text = String(url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
