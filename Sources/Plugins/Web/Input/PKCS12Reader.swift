// The raw BoringSSL calls that open a PKCS#12 (PFX) file, in this one file.
//
// swift-nio-ssl's `NIOSSLPKCS12Bundle(buffer:passphrase:)` would do, but it stops the process
// with `fatalError` for a well-formed PFX that holds no private key, or no certificate of its
// key; a pipeline's input must never do that. So the PFX is opened here, with the BoringSSL that
// swift-nio-ssl builds (the same library that later presents the certificate), and handed on as
// DER bytes.
import CNIOBoringSSL

/// The certificate and private key of a PFX file, as DER.
struct PKCS12Contents: Sendable {
    /// The certificate of the private key first, then the file's other certificates in its order.
    var certificates: [[UInt8]]
    /// The private key (PKCS#1 for RSA, SEC 1 for EC keys).
    var privateKey: [UInt8]
}

/// Why a PFX file could not be opened.
enum PKCS12ReadError: Error, Equatable {
    /// The bytes are not a PKCS#12 structure.
    case notPKCS12
    /// The password does not open the file (its integrity check fails).
    case wrongPassword
    /// The file opened but holds no private key.
    case noPrivateKey
    /// The file holds a private key but no certificate of that key.
    case noCertificateForKey
    /// BoringSSL refused the file for another reason, in its words.
    case unreadable(String)
}

enum PKCS12Reader {
    /// PFX files larger than this are refused before parsing (real ones are a few kilobytes).
    static let maximumBytes = 1 << 20

    /// Opens `der` (a PFX file's bytes) with `password` ("" when it has none).
    static func read(_ der: [UInt8], password: String) -> Result<PKCS12Contents, PKCS12ReadError> {
        defer { ERR_clear_error() }
        ERR_clear_error()
        guard !der.isEmpty, der.count <= maximumBytes else { return .failure(.notPKCS12) }
        let p12: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let p12 else { return .failure(.notPKCS12) }
        defer { PKCS12_free(p12) }

        var key: OpaquePointer?
        var certificate: OpaquePointer?
        var others: OpaquePointer?
        let parsed = password.withCString { PKCS12_parse(p12, $0, &key, &certificate, &others) }
        defer {
            if let key { EVP_PKEY_free(key) }
            if let certificate { X509_free(certificate) }
            if let others { sk_X509_pop_free(others, X509_free) }
        }
        guard parsed == 1 else { return .failure(lastError()) }
        guard let key else { return .failure(.noPrivateKey) }
        guard let certificate else { return .failure(.noCertificateForKey) }

        guard let keyBytes = derBytes({ i2d_PrivateKey(key, $0) }),
            let leaf = derBytes({ i2d_X509(certificate, $0) })
        else { return .failure(.unreadable("the key or certificate could not be re-encoded")) }
        var certificates = [leaf]
        if let others {
            for index in 0..<sk_X509_num(others) {
                guard let other = sk_X509_value(others, index), let bytes = derBytes({ i2d_X509(other, $0) }) else {
                    continue
                }
                certificates.append(bytes)
            }
        }
        return .success(PKCS12Contents(certificates: certificates, privateKey: keyBytes))
    }

    /// Runs an `i2d_…` function twice (size, then bytes), as the OpenSSL API asks.
    private static func derBytes(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32)
        -> [UInt8]?
    {
        let size = encode(nil)
        guard size > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return encode(&cursor)
        }
        return written == size ? bytes : nil
    }

    /// The reason of BoringSSL's last error.
    private static func lastError() -> PKCS12ReadError {
        let code = ERR_peek_last_error()
        if ERR_GET_LIB(code) == ERR_LIB_PKCS8 {
            switch ERR_GET_REASON(code) {
            case PKCS8_R_INCORRECT_PASSWORD: return .wrongPassword
            case PKCS8_R_BAD_PKCS12_DATA, PKCS8_R_BAD_PKCS12_VERSION: return .notPKCS12
            default: break
            }
        }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        let bytes = text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return .unreadable(String(decoding: bytes, as: UTF8.self))
    }
}
