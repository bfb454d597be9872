import Foundation

/// Certificates made for the client-certificate tests with the `openssl` command in a fresh
/// temporary folder (nothing real, nothing checked in, the folder removed once read): a test CA, a server certificate for
/// 127.0.0.1 and client certificates signed by the CA, as PFX files base64-encoded the way ADF
/// takes them.
struct TestCertificates: Sendable {
    static let pfxPassword = "pfx-Pa55word-test"

    /// PEM files of the CA, and of the server's certificate and key.
    let caPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    /// The client certificate with its key, protected by ``pfxPassword`` (OpenSSL 3's default
    /// AES-256/PBKDF2 encryption).
    let clientPFX: String
    /// The same, in the legacy 3DES/RC2 encryption older Windows tools write.
    let legacyClientPFX: String
    /// A client certificate that expired yesterday, with its key.
    let expiredClientPFX: String
    /// The client certificate alone, without its key.
    let certificateOnlyPFX: String
    /// The client certificate's public key (PEM) and SHA-1 thumbprint (DER bytes hashed).
    let clientPublicKeyPEM: String
    let clientThumbprint: [UInt8]

    /// Made once per test process.
    static let shared = Result { try TestCertificates.make() }

    static func make() throws -> TestCertificates {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipehost-webcert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func run(_ arguments: [String]) throws -> Data {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TestCertificateError.openssl(arguments.joined(separator: " "))
            }
            return data
        }
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        _ = try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                     "-subj", "/CN=pipehost test CA", "-days", "2"])
        for (name, days, extensions) in [("server", "2", true), ("client", "2", false), ("expired", "-1", false)] {
            _ = try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr",
                         "-subj", "/CN=pipehost test \(name)"])
            _ = try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "\(name).pem", "-days", days] + (extensions ? ["-extfile", "server.ext"] : []))
        }
        let password = "pass:\(pfxPassword)"
        _ = try run(["pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-certfile", "ca.pem",
                     "-out", "client.pfx", "-passout", password])
        _ = try run(["pkcs12", "-export", "-legacy", "-in", "client.pem", "-inkey", "client.key",
                     "-out", "legacy.pfx", "-passout", password])
        _ = try run(["pkcs12", "-export", "-in", "expired.pem", "-inkey", "expired.key",
                     "-out", "expired.pfx", "-passout", password])
        _ = try run(["pkcs12", "-export", "-nokeys", "-in", "client.pem", "-out", "nokey.pfx", "-passout", password])
        _ = try run(["x509", "-in", "client.pem", "-pubkey", "-noout", "-out", "client.pub"])
        let der = try run(["x509", "-in", "client.pem", "-outform", "DER"])

        func base64(_ name: String) throws -> String { try Data(contentsOf: URL(fileURLWithPath: path(name))).base64EncodedString() }
        func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
        return TestCertificates(
            caPEM: try text("ca.pem"), serverCertificatePEM: try text("server.pem"),
            serverKeyPEM: try text("server.key"), clientPFX: try base64("client.pfx"),
            legacyClientPFX: try base64("legacy.pfx"), expiredClientPFX: try base64("expired.pfx"),
            certificateOnlyPFX: try base64("nokey.pfx"), clientPublicKeyPEM: try text("client.pub"),
            clientThumbprint: try sha1(der))
    }

    /// SHA-1 by the `openssl dgst` command, so that the test does not share the plugin's code.
    private static func sha1(_ data: Data) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha1", "-binary"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let digest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(digest)
    }
}

enum TestCertificateError: Error {
    /// An `openssl` command failed.
    case openssl(String)
}
