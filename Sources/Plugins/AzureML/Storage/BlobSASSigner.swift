import Crypto
import Foundation

/// Makes a service shared access signature for one blob, signed with the storage account key, as
/// Azure Storage specifies ("Create a service SAS", version 2020-12-06 and later): the string-to-sign
/// is sixteen fields joined by newlines and the signature is
/// `base64(HMAC-SHA256(base64decode(accountKey), utf8(stringToSign)))`.
///
/// Update Resource sends the scoring endpoint such a token, read-only and short-lived, so that the
/// service can fetch the `.ilearner` without ever seeing the account key.
struct BlobSASSigner: Sendable {
    /// The signed service version (`sv`).
    static let version = "2022-11-02"

    /// Why a token could not be made.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// The account key is not base64.
        case accountKeyNotBase64(account: String)

        var description: String {
            switch self {
            case .accountKeyNotBase64(let account):
                "the AccountKey of storage account '\(account)' is not base64, as Azure shows account keys"
            }
        }
    }

    /// What the token allows and when.
    struct Grant: Sendable, Equatable {
        /// `sp`, in Azure's order `racwd…`; `r` is read-only.
        var permissions: String
        /// `st`, UTC, `2024-05-01T10:00:00Z`.
        var start: String?
        /// `se`, UTC.
        var expiry: String
        /// `spr`: `https` or `https,http`; nil allows both.
        var protocols: String?
    }

    let accountName: String
    let accountKey: String

    /// The string Azure signs for a blob (`sr=b`): `sp, st, se, /blob/<account>/<container>/<blob>,
    /// si, sip, spr, sv, sr, snapshot time, ses, rscc, rscd, rsce, rscl, rsct`, absent ones empty.
    func stringToSign(container: String, blob: String, grant: Grant, version: String = BlobSASSigner.version) -> String {
        let resource = "/blob/\(accountName)/\(container)/\(blob)"
        let fields = [
            grant.permissions, grant.start ?? "", grant.expiry, resource, "", "", grant.protocols ?? "", version, "b",
            "", "", "", "", "", "", "",
        ]
        return fields.joined(separator: "\n")
    }

    /// The signature of a string-to-sign.
    func signature(of stringToSign: String) throws(Problem) -> String {
        guard let keyBytes = Data(base64Encoded: accountKey) else { throw .accountKeyNotBase64(account: accountName) }
        let code = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: keyBytes))
        return Data(code).base64EncodedString()
    }

    /// The token for one blob, as a query string with a leading `?`:
    /// `?sv=…&st=…&se=…&sr=b&sp=r&spr=…&sig=…`.
    func token(container: String, blob: String, grant: Grant) throws(Problem) -> String {
        let signature = try signature(of: stringToSign(container: container, blob: blob, grant: grant))
        var fields: [(String, String)] = [("sv", Self.version)]
        if let start = grant.start { fields.append(("st", start)) }
        fields.append(("se", grant.expiry))
        fields.append(("sr", "b"))
        fields.append(("sp", grant.permissions))
        if let protocols = grant.protocols { fields.append(("spr", protocols)) }
        fields.append(("sig", signature))
        return "?" + fields.map { "\($0.0)=\(QueryEncoding.encode($0.1))" }.joined(separator: "&")
    }

    /// A read-only grant valid from five minutes ago (clock skew) for `lifetime`, limited to HTTPS
    /// when the blob is reached over HTTPS.
    static func readOnlyGrant(lifetime: Duration, overHTTPS: Bool, now: Date = Date()) -> Grant {
        Grant(
            permissions: "r", start: SASTime.format(now.addingTimeInterval(-300)),
            expiry: SASTime.format(now.addingTimeInterval(TimeInterval(lifetime.components.seconds))),
            protocols: overHTTPS ? "https" : "https,http")
    }
}

/// UTC timestamps as SAS tokens write them: `2024-05-01T10:00:00Z`, whole seconds.
enum SASTime {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }
}

/// Percent-encoding of query values: everything but RFC 3986's unreserved characters.
enum QueryEncoding {
    static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}
