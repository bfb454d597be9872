import Foundation

/// A configured storage account at run time: its name, key, and local folder.
struct StorageAccount: Sendable, Equatable {
    let name: String
    /// Base64 account key.
    let key: String
    /// The folder whose sub-folders are the account's containers.
    let folder: URL

    /// Whether a key presented by a client (a connection string's `AccountKey`, an Import Data module's
    /// key parameter) is this account's key. Compares the decoded bytes in constant time.
    func acceptsKey(_ presented: String) -> Bool {
        guard let expected = Data(base64Encoded: key), let given = Data(base64Encoded: presented),
            expected.count == given.count
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }

    /// A read-only SAS for one blob, valid from five minutes ago (clock skew) for `lifetime`.
    func readOnlyToken(container: String, blob: String, now: Date = Date(), lifetime: TimeInterval = 24 * 3600)
        -> BlobSharedAccessSignature
    {
        BlobSharedAccessSignature(
            permissions: "r", start: SASTime.format(now.addingTimeInterval(-300)),
            expiry: SASTime.format(now.addingTimeInterval(lifetime)), resource: "b"
        ).signed(account: name, container: container, blob: blob, accountKey: key)
    }
}

/// A blob's address inside the emulator: account, container, and the path below the container.
struct BlobLocation: Sendable, Hashable, CustomStringConvertible {
    let account: String
    let container: String
    let path: String

    /// `container/path`, the `RelativeLocation` form.
    var relativeLocation: String { "\(container)/\(path)" }
    /// `account/container/path`.
    var description: String { "\(account)/\(relativeLocation)" }

    /// Splits `container/path` (a leading `/` is accepted, as in Microsoft's Python sample) and checks
    /// the names: a container of 3–63 lowercase letters, digits and hyphens; no empty, `.` or `..`
    /// path segments.
    static func parse(account: String, relativeLocation: String) throws(StorageError) -> BlobLocation {
        var text = Substring(relativeLocation)
        if text.hasPrefix("/") { text = text.dropFirst() }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidResourceName(relativeLocation) }
        let container = String(parts[0])
        let path = String(parts[1])
        try validateContainer(container)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, path.utf8.count <= 1024,
            segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") && !$0.contains("\\") })
        else { throw .invalidResourceName(relativeLocation) }
        return BlobLocation(account: account, container: container, path: path)
    }

    static func validateContainer(_ name: String) throws(StorageError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard (3...63).contains(name.count), name.allSatisfy(allowed.contains), !name.hasPrefix("-"),
            !name.hasSuffix("-"),
            !name.contains("--")
        else { throw .invalidResourceName(name) }
    }
}
