import Crypto
import Foundation
import PluginKit
import _CryptoExtras

/// The signed JWT a service principal with a certificate sends instead of a client secret
/// (Microsoft identity platform's "certificate credentials"): header `alg` RS256, `typ` JWT and
/// `x5t` (the base64url SHA-1 thumbprint of the certificate); claims `aud` (the token endpoint),
/// `iss` and `sub` (the client id), a fresh `jti`, `nbf`, `iat` and `exp` ten minutes later;
/// signed with RSASSA-PKCS1-v1_5 and SHA-256 by the certificate's key.
enum ClientAssertion {
    /// How long an assertion is valid.
    static let lifetime: Int64 = 600
    /// The form value of `client_assertion_type`.
    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The assertion for `clientId` at `audience`, signed by `certificate` at `now`.
    static func make(clientId: String, audience: String, certificate: ClientCertificate, now: Date = Date())
        throws(ActivityFailure) -> String
    {
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(derRepresentation: certificate.privateKeyDER)
        } catch {
            throw .invalidProperty(
                certificate.propertyPath,
                "a service principal's certificate must have an RSA key of 2048 bits or more to sign its client "
                    + "assertion (RS256)")
        }
        let thumbprint = Data(Insecure.SHA1.hash(data: certificate.certificateDER))
        let header: JSONValue = [
            "alg": "RS256", "typ": "JWT", "x5t": .string(base64URL(thumbprint)),
        ]
        let issued = Int64(now.timeIntervalSince1970)
        let claims: JSONValue = [
            "aud": .string(audience), "iss": .string(clientId), "sub": .string(clientId),
            "jti": .string(UUID().uuidString.lowercased()), "nbf": .integer(issued), "iat": .integer(issued),
            "exp": .integer(issued + lifetime),
        ]
        let signingInput =
            base64URL(Data(JSONSerializer.bytes(header))) + "." + base64URL(Data(JSONSerializer.bytes(claims)))
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        } catch {
            throw .systemError("Signing the service principal's client assertion failed: \(error).")
        }
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// Base64url without padding (RFC 7515).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
