import Crypto
import Foundation

/// Shared Key authorization of blob requests (`Authorization: SharedKey <account>:<signature>`), the
/// scheme the Azure Storage SDKs use when given an account key — as Microsoft's BES samples do to upload
/// inputs.
///
/// Source: "Authorize with Shared Key", Azure Storage REST API reference
/// (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key), "Blob, Queue, and
/// File services (Shared Key authorization)", version 2009-09-19 and later. Cross-checked against the
/// `SharedKeyCredentialPolicy` of Microsoft's `azure-storage-blob` 12.31.1 Python SDK (test vectors in
/// SharedKeyAuthorizationTests). The string-to-sign:
///
/// ```
/// VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n
/// Content-Type \n Date \n If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n
/// Range \n CanonicalizedHeaders CanonicalizedResource
/// ```
///
/// `CanonicalizedHeaders` is every `x-ms-*` header, name lowercased, sorted by name, as `name:value\n`.
/// `CanonicalizedResource` is `/<account><URL path as sent>` followed, for each query parameter sorted
/// by lowercased name, by `\n<name>:<decoded values, sorted, comma-separated>`. The signature is
/// base64(HMAC-SHA256(base64decode(accountKey), utf8(stringToSign))).
enum SharedKeyAuthorization {
    /// The headers whose values stand alone in the string-to-sign, in order.
    static let standardHeaders = [
        "content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
        "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range",
    ]

    /// How far the request's `x-ms-date` (or `Date`) may be from the emulator's clock, as in Azure.
    static let allowedClockSkew: TimeInterval = 15 * 60

    /// The string-to-sign of a request.
    ///
    /// - Parameters:
    ///   - headers: header names (any case) and values.
    ///   - path: the URL path exactly as sent (still percent-encoded).
    ///   - query: the raw query string, without `?`.
    static func stringToSign(method: String, headers: [(String, String)], account: String, path: String, query: String)
        -> String
    {
        var byName: [String: String] = [:]
        for (name, value) in headers { byName[name.lowercased()] = normalized(value) }
        if byName["content-length"] == "0" { byName["content-length"] = nil }
        var text = method.uppercased() + "\n"
        for name in standardHeaders { text += (byName[name] ?? "") + "\n" }
        for name in byName.keys.filter({ $0.hasPrefix("x-ms-") }).sorted() {
            text += "\(name):\(byName[name] ?? "")\n"
        }
        text += "/\(account)\(path)"
        var parameters: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = (String(parts[0]).removingPercentEncoding ?? String(parts[0])).lowercased()
            let raw = parts.count > 1 ? String(parts[1]) : ""
            parameters[name, default: []].append(raw.removingPercentEncoding ?? raw)
        }
        for name in parameters.keys.sorted() {
            text += "\n\(name):" + (parameters[name] ?? []).sorted().joined(separator: ",")
        }
        return text
    }

    /// Checks a request's `Authorization: SharedKey` header.
    ///
    /// - Throws: `AuthenticationFailed` (with the string-to-sign used, never the key) for a wrong account,
    ///   signature or date.
    static func authorize(
        authorization: String, method: String, headers: [(String, String)], account: StorageAccount, path: String,
        query: String, now: Date
    ) throws(StorageError) {
        let credential = authorization.dropFirst("SharedKey ".count)
        guard let colon = credential.lastIndex(of: ":") else {
            throw .authenticationFailed("The Authorization header must be 'SharedKey <account>:<signature>'")
        }
        guard credential[..<colon] == account.name else {
            throw .authenticationFailed(
                "The Authorization header names account '\(credential[..<colon])', not '\(account.name)'")
        }
        let dateText =
            headers.first { $0.0.lowercased() == "x-ms-date" }?.1 ?? headers.first { $0.0.lowercased() == "date" }?.1
        guard let dateText, let date = HTTPDate.parse(dateText) else {
            throw .authenticationFailed("Request date header not specified or not an RFC 1123 date (send x-ms-date)")
        }
        guard abs(date.timeIntervalSince(now)) <= allowedClockSkew else {
            throw .authenticationFailed("Request date header too old: '\(dateText)'")
        }
        let text = stringToSign(method: method, headers: headers, account: account.name, path: path, query: query)
        guard let keyBytes = Data(base64Encoded: account.key),
            let provided = Data(base64Encoded: String(credential[credential.index(after: colon)...])),
            HMAC<SHA256>.isValidAuthenticationCode(
                provided, authenticating: Data(text.utf8), using: SymmetricKey(data: keyBytes))
        else {
            throw .authenticationFailed(
                "The MAC signature found in the HTTP request is not the same as any computed signature. "
                    + "Server used following string to sign: '\(text)'."
            )
        }
    }

    /// Header values as Azure canonicalizes them: trimmed, runs of whitespace folded to one space.
    private static func normalized(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }
}

/// RFC 1123 dates, as in `x-ms-date: Mon, 01 Jan 2024 00:00:00 GMT`.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        CachedDateFormatters.shared.with(format: "EEE, dd MMM yyyy HH:mm:ss zzz", timeZone: "GMT") { $0.date(from: text) }
    }
}
