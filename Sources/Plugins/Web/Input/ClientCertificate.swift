import Foundation
import NIOSSL
import PluginKit

/// A certificate with its private key, from the base64 PFX an activity gives in `pfx` (with its
/// `password`): the TLS client certificate of `ClientCertificate` authentication, or what signs a
/// service principal's client assertion.
///
/// Opened when the activity's properties are read, so that a wrong password, a malformed file or
/// an expired certificate fails at once, naming the property and never showing the secret.
struct ClientCertificate: Sendable, Hashable {
    /// The certificate of the key first, then the rest of the file's chain.
    let chain: [NIOSSLCertificate]
    let privateKey: NIOSSLPrivateKey
    /// DER of the key's certificate and of the key, for the client assertion.
    let certificateDER: [UInt8]
    let privateKeyDER: [UInt8]
    /// The base64 text and the password as given: never to be shown.
    let secrets: [String]
    /// The JSON path of the PFX (`typeProperties.authentication.pfx`), for messages.
    let propertyPath: String

    /// Opens the base64 PFX `pfx` (the value of `pfxPath`) with `password` (nil or "" when it has
    /// none); `now` is the time the certificate must be valid at.
    init(pfx: String, password: String?, pfxPath: String, now: Date = Date()) throws(ActivityFailure) {
        let compact = pfx.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact), !data.isEmpty else {
            throw .invalidProperty(
                pfxPath, "it is not base64 text; give the PFX file's bytes base64-encoded (the secret itself is not shown)")
        }
        let contents: PKCS12Contents
        switch PKCS12Reader.read(Array(data), password: password ?? "") {
        case .success(let read): contents = read
        case .failure(let problem): throw .invalidProperty(pfxPath, Self.explain(problem))
        }
        do {
            chain = try contents.certificates.map { try NIOSSLCertificate(bytes: $0, format: .der) }
            privateKey = try NIOSSLPrivateKey(bytes: contents.privateKey, format: .der)
        } catch {
            throw .invalidProperty(pfxPath, "its certificate or private key cannot be used for TLS (\(error))")
        }
        certificateDER = contents.certificates[0]
        privateKeyDER = contents.privateKey
        propertyPath = pfxPath
        secrets = [pfx, compact] + (password.map { $0.isEmpty ? [] : [$0] } ?? [])

        let leaf = chain[0]
        let seconds = Int64(now.timeIntervalSince1970)
        if Int64(leaf.notValidAfter) < seconds {
            throw .invalidProperty(
                pfxPath,
                "its certificate expired on \(Self.date(leaf.notValidAfter)); give a PFX with a current certificate")
        }
        if Int64(leaf.notValidBefore) > seconds {
            throw .invalidProperty(
                pfxPath, "its certificate is not valid before \(Self.date(leaf.notValidBefore))")
        }
    }

    private static func explain(_ problem: PKCS12ReadError) -> String {
        switch problem {
        case .notPKCS12:
            "it is not a PFX (PKCS#12) file once base64-decoded"
        case .wrongPassword:
            "the password does not open the PFX file; check 'password' beside it"
        case .noPrivateKey:
            "the PFX file holds no private key; export the certificate with its private key"
        case .noCertificateForKey:
            "the PFX file holds a private key but not its certificate; export the certificate with its private key"
        case .unreadable(let reason):
            "the PFX file cannot be read (\(reason))"
        }
    }

    private static func date(_ seconds: time_t) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.certificateDER == rhs.certificateDER && lhs.privateKeyDER == rhs.privateKeyDER
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(certificateDER)
        hasher.combine(privateKeyDER)
    }
}
