import Crypto
import Foundation

/// Shared Key signing of Blob service requests (`Authorization: SharedKey <account>:<signature>`),
/// per "Authorize with Shared Key" (Blob service, version 2009-09-19 and later):
///
/// ```
/// VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n
/// Content-Type \n Date \n If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n
/// Range \n CanonicalizedHeaders CanonicalizedResource
/// ```
///
/// `CanonicalizedHeaders`: every `x-ms-*` header, lowercased, sorted, as `name:value\n`.
/// `CanonicalizedResource`: `/<account><path as sent>`, then per query parameter (sorted by lowercased
/// name) `\n<name>:<decoded values, sorted, comma-separated>`. The signature is
/// base64(HMAC-SHA256(account key, UTF-8 string-to-sign)).
enum BlobRequestSigner {
    static let standardHeaders = [
        "content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
        "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range",
    ]

    /// The string-to-sign; `path` is the percent-encoded URL path, `query` the decoded parameters.
    static func stringToSign(
        method: String, headers: [(String, String)], account: String, path: String, query: [(String, String)]
    ) -> String {
        var byName: [String: String] = [:]
        for (name, value) in headers { byName[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        if byName["content-length"] == "0" { byName["content-length"] = nil }
        var text = method.uppercased() + "\n"
        for name in standardHeaders { text += (byName[name] ?? "") + "\n" }
        for name in byName.keys.filter({ $0.hasPrefix("x-ms-") }).sorted() { text += "\(name):\(byName[name] ?? "")\n" }
        text += "/\(account)\(path)"
        var parameters: [String: [String]] = [:]
        for (name, value) in query { parameters[name.lowercased(), default: []].append(value) }
        for name in parameters.keys.sorted() {
            text += "\n\(name):" + (parameters[name] ?? []).sorted().joined(separator: ",")
        }
        return text
    }

    /// The `Authorization` header value.
    static func authorization(
        method: String, headers: [(String, String)], account: String, key: Data, path: String, query: [(String, String)]
    ) -> String {
        let text = stringToSign(method: method, headers: headers, account: account, path: path, query: query)
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))
        return "SharedKey \(account):\(Data(code).base64EncodedString())"
    }
}
