import Foundation

/// What a request wants to do with a blob, and the SAS permission letters that allow it.
enum BlobPermission: Sendable {
    case read
    case write
    case delete
    /// List Blobs of a container.
    case list

    /// Any one of these letters in `sp` grants the permission (`c`, create, also allows writing).
    var letters: Set<Character> {
        switch self {
        case .read: ["r"]
        case .write: ["w", "c"]
        case .delete: ["d"]
        case .list: ["l"]
        }
    }
}

/// Decides whether a service SAS lets a request touch a blob, as Azure Storage does: version,
/// mandatory fields, signature, validity window, protocol, permission, in that order.
enum SharedAccessAuthorization {
    static func authorize(
        _ token: BlobSharedAccessSignature,
        account: StorageAccount,
        container: String,
        blob: String,
        permission: BlobPermission,
        now: Date,
        overHTTPS: Bool? = nil
    ) throws(StorageError) {
        guard !token.version.isEmpty else { throw .authenticationFailed("sv is mandatory. Cannot be empty") }
        guard token.version >= "2013-08-15" else {
            throw .authenticationFailed(
                "The emulator accepts SAS versions from 2013-08-15; sv=\(token.version) is older")
        }
        guard !token.expiry.isEmpty else { throw .authenticationFailed("se is mandatory. Cannot be empty") }
        guard !token.permissions.isEmpty else { throw .authenticationFailed("sp is mandatory. Cannot be empty") }
        guard token.resource == "b" || token.resource == "c" else {
            throw .authenticationFailed(
                token.resource.isEmpty
                    ? "sr is mandatory. Cannot be empty"
                    : "The emulator accepts sr=b and sr=c, not sr=\(token.resource)"
            )
        }
        guard token.identifier == nil else {
            throw .authenticationFailed(
                "The emulator has no stored access policies; remove si=\(token.identifier ?? "")")
        }
        guard let stringToSign = token.stringToSign(account: account.name, container: container, blob: blob),
            token.hasValidSignature(stringToSign: stringToSign, accountKey: account.key)
        else {
            let text = token.stringToSign(account: account.name, container: container, blob: blob) ?? ""
            throw .authenticationFailed("Signature did not match. String to sign used was \(text)")
        }
        guard let expiry = SASTime.parse(token.expiry) else {
            throw .authenticationFailed("se=\(token.expiry) is not a valid ISO 8601 UTC time")
        }
        var start: Date?
        if let text = token.start {
            guard let date = SASTime.parse(text) else {
                throw .authenticationFailed("st=\(text) is not a valid ISO 8601 UTC time")
            }
            start = date
        }
        if now > expiry || start.map({ now < $0 }) == true {
            throw .authenticationFailed(
                "Signature not valid in the specified time frame: Start [\(start.map(SASTime.httpDate) ?? "")] - "
                    + "Expiry [\(SASTime.httpDate(expiry))] - Current [\(SASTime.httpDate(now))]"
            )
        }
        if overHTTPS == false, token.protocols == "https" {
            throw .authorizationProtocolMismatch
        }
        guard !permission.letters.isDisjoint(with: Set(token.permissions)) else {
            throw .authorizationPermissionMismatch
        }
    }
}

/// The time formats SAS fields use: `YYYY-MM-DD`, `YYYY-MM-DDThh:mmZ`, `YYYY-MM-DDThh:mm:ssZ`, with
/// optional fractional seconds and `±hh:mm` offsets.
enum SASTime {
    static func parse(_ text: String) -> Date? {
        let formats = [
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX",
            "yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd",
        ]
        for format in formats {
            if let date = CachedDateFormatters.shared.with(format: format, timeZone: "UTC", { $0.date(from: text) }) {
                return date
            }
        }
        return nil
    }

    /// `2030-01-02T03:04:05Z`, the form the emulator writes into its own tokens.
    static func format(_ date: Date) -> String {
        CachedDateFormatters.shared.with(format: "yyyy-MM-dd'T'HH:mm:ss'Z'", timeZone: "UTC") { $0.string(from: date) }
    }

    /// `Thu, 13 Jun 2019 16:18:07 GMT`, the form Azure uses in error details.
    static func httpDate(_ date: Date) -> String {
        CachedDateFormatters.shared.with(format: "EEE, dd MMM yyyy HH:mm:ss 'GMT'", timeZone: "GMT") {
            $0.string(from: date)
        }
    }
}
