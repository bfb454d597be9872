import Crypto
import Foundation

/// A Blob-service **service SAS** (shared access signature): its query fields, the string-to-sign, and
/// the HMAC-SHA256 signature.
///
/// This file is the one place the emulator builds a string-to-sign; clients that *generate* SAS tokens
/// for the emulator (the AzureML plugins) implement the same rules, described in docs/azureml-emulator.md.
///
/// Source: "Create a service SAS", Azure Storage REST API reference
/// (https://learn.microsoft.com/rest/api/storageservices/create-service-sas), section "Construct the
/// signature string". Cross-checked against Microsoft's `azure-storage-blob` 12.31.1 Python SDK, whose
/// tokens are this file's test vectors. The rules:
///
/// - Fields are joined by `\n`, **every optional field present as an empty string** with its newline.
///   For `sv` 2020-12-06 and later (Blob):
///   ```
///   sp \n st \n se \n canonicalizedResource \n si \n sip \n spr \n sv \n sr \n snapshotTime \n ses \n
///   rscc \n rscd \n rsce \n rscl \n rsct
///   ```
///   2018-11-09 … 2020-12-05: the same without `ses`. 2015-04-05 … 2018-11-08: also without `sr` and
///   snapshot time. 2013-08-15 … 2015-04-04: also without `sip` and `spr`.
/// - `canonicalizedResource` is `/blob/<account>/<container>` for `sr=c` and
///   `/blob/<account>/<container>/<blob path>` for `sr=b` (the `/blob` prefix only from 2015-02-21), all
///   URL-decoded.
/// - Field values are the URL-decoded query values exactly as sent (e.g. `se=2030-01-02T03:04:05Z`).
/// - The signature is `base64(HMAC-SHA256(key: base64decode(accountKey), message: utf8(stringToSign)))`,
///   sent URL-encoded as `sig`.
public struct BlobSharedAccessSignature: Sendable, Hashable {
    /// `sp`: permission letters, in the order `racwdxltmeopi` for containers (e.g. `r`, `rw`, `rwl`).
    public var permissions: String
    /// `st`: start time (ISO 8601 UTC) or `nil`.
    public var start: String?
    /// `se`: expiry time (ISO 8601 UTC).
    public var expiry: String
    /// `sr`: `b` (one blob) or `c` (every blob of a container).
    public var resource: String
    /// `sv`: the storage service version whose rules signed the token.
    public var version: String
    /// `si`: a stored access policy id (the emulator has no stored policies and refuses tokens with one).
    public var identifier: String?
    /// `sip`: allowed client IP or range (signed, not enforced).
    public var ipRange: String?
    /// `spr`: `https` or `https,http`.
    public var protocols: String?
    /// `snapshot`: a blob snapshot time (signed; the emulator has no snapshots).
    public var snapshotTime: String?
    /// `ses`: an encryption scope (signed, not enforced).
    public var encryptionScope: String?
    /// `rscc`, `rscd`, `rsce`, `rscl`, `rsct`: response header overrides (signed, not applied).
    public var cacheControl, contentDisposition, contentEncoding, contentLanguage, contentType: String?
    /// `sig`: the base64 signature.
    public var signature: String

    /// The version the emulator signs its own tokens with.
    public static let emulatorVersion = "2022-11-02"

    /// Creates a token's fields; `signature` is empty until `signed(account:container:blob:key:)`.
    public init(
        permissions: String, start: String? = nil, expiry: String, resource: String,
        version: String = BlobSharedAccessSignature.emulatorVersion, protocols: String? = nil
    ) {
        self.permissions = permissions
        self.start = start
        self.expiry = expiry
        self.resource = resource
        self.version = version
        self.protocols = protocols
        self.signature = ""
    }

    /// The canonicalized resource for this token's version: `/blob/<account>/<container>[/<blob>]`.
    public func canonicalizedResource(account: String, container: String, blob: String?) -> String {
        let prefix = version >= "2015-02-21" ? "/blob/" : "/"
        let path = resource == "c" || blob == nil ? container : "\(container)/\(blob ?? "")"
        return prefix + account + "/" + path
    }

    /// The string-to-sign for this token's `sv`, or `nil` for versions before 2013-08-15.
    public func stringToSign(account: String, container: String, blob: String?) -> String? {
        guard version >= "2013-08-15" else { return nil }
        var fields = [
            permissions, start ?? "", expiry, canonicalizedResource(account: account, container: container, blob: blob),
            identifier ?? "",
        ]
        if version >= "2015-04-05" { fields += [ipRange ?? "", protocols ?? ""] }
        fields.append(version)
        if version >= "2018-11-09" { fields += [resource, snapshotTime ?? ""] }
        if version >= "2020-12-06" { fields.append(encryptionScope ?? "") }
        fields += [cacheControl, contentDisposition, contentEncoding, contentLanguage, contentType].map { $0 ?? "" }
        return fields.joined(separator: "\n")
    }

    /// The base64 HMAC-SHA256 of `stringToSign` under the (base64) account key; `nil` if the key is not
    /// base64.
    public static func signature(of stringToSign: String, accountKey: String) -> String? {
        guard let keyBytes = Data(base64Encoded: accountKey) else { return nil }
        let code = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: keyBytes))
        return Data(code).base64EncodedString()
    }

    /// This token with `signature` computed for the resource under the account key.
    public func signed(account: String, container: String, blob: String?, accountKey: String)
        -> BlobSharedAccessSignature
    {
        var token = self
        if let text = stringToSign(account: account, container: container, blob: blob) {
            token.signature = Self.signature(of: text, accountKey: accountKey) ?? ""
        }
        return token
    }

    /// The token as a query string without the leading `?`, values URL-encoded.
    public var queryString: String {
        var items: [(String, String?)] = [
            ("sv", version), ("st", start), ("se", expiry), ("sr", resource), ("sp", permissions),
            ("si", identifier), ("sip", ipRange), ("spr", protocols), ("snapshot", snapshotTime),
            ("ses", encryptionScope),
            ("rscc", cacheControl), ("rscd", contentDisposition), ("rsce", contentEncoding), ("rscl", contentLanguage),
            ("rsct", contentType),
        ]
        items.append(("sig", signature))
        return items.compactMap { name, value in value.map { "\(name)=\(QueryText.encode($0))" } }.joined(
            separator: "&")
    }

    /// Reads a token from a query string (with or without the leading `?`). Unknown parameters are
    /// ignored; `nil` when `sig` is absent, so callers can tell "no SAS" from "bad SAS".
    public init?(queryString: String) {
        let fields = QueryText.parse(queryString)
        guard let signature = fields["sig"] else { return nil }
        self.signature = signature
        permissions = fields["sp"] ?? ""
        start = fields["st"]
        expiry = fields["se"] ?? ""
        resource = fields["sr"] ?? ""
        version = fields["sv"] ?? ""
        identifier = fields["si"]
        ipRange = fields["sip"]
        protocols = fields["spr"]
        snapshotTime = fields["snapshot"]
        encryptionScope = fields["ses"]
        cacheControl = fields["rscc"]
        contentDisposition = fields["rscd"]
        contentEncoding = fields["rsce"]
        contentLanguage = fields["rscl"]
        contentType = fields["rsct"]
    }

    /// Whether `sig` is the signature of the string-to-sign under the account key, compared in constant
    /// time.
    func hasValidSignature(stringToSign: String, accountKey: String) -> Bool {
        guard let keyBytes = Data(base64Encoded: accountKey), let provided = Data(base64Encoded: signature) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(
            provided, authenticating: Data(stringToSign.utf8), using: SymmetricKey(data: keyBytes)
        )
    }
}

/// Query-string encoding as Azure Storage uses it: `+` is a literal plus (base64 signatures contain
/// it), `%XX` escapes are decoded.
enum QueryText {
    /// Characters left unescaped in values: RFC 3986 unreserved.
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// Name → decoded value; a later duplicate replaces an earlier one.
    static func parse(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        let body = query.hasPrefix("?") ? query.dropFirst() : Substring(query)
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let raw = parts.count > 1 ? String(parts[1]) : ""
            result[name] = raw.removingPercentEncoding ?? raw
        }
        return result
    }
}
