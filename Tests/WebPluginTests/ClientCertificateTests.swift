import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing
import _CryptoExtras

/// ClientCertificate authentication against a real mutual-TLS server, and ServicePrincipal
/// authentication with a certificate, through the real plugin.
@Suite("Web activity with client certificates", .tags(.medium), .timeLimit(.minutes(2)))
struct ClientCertificateTests {
    static func certificates() throws -> TestCertificates { try TestCertificates.shared.get() }

    static func clientCertificate(_ pfx: String, password: String = TestCertificates.pfxPassword) -> JSONValue {
        [
            "type": "ClientCertificate", "pfx": ["type": "SecureString", "value": .string(pfx)],
            "password": ["type": "SecureString", "value": .string(password)],
        ]
    }

    /// A GET of the mutual-TLS server's `/secure` with `authentication`; the server's certificate
    /// comes from the test CA, so it is checked only when `validate`.
    static func secureGet(_ server: MutualTLSEndpoint, _ authentication: JSONValue?, validate: Bool = false)
        -> JSONValue
    {
        var properties: JSONObject = [
            "method": "GET", "url": .string("\(server.base)/secure"), "disableCertValidation": .bool(!validate),
        ]
        if let authentication { properties["authentication"] = authentication }
        return .object(properties)
    }

    @Test("the PFX's certificate is presented in the TLS handshake, and neither it nor its password is shown")
    func presentsCertificate() async throws {
        let certificates = try Self.certificates()
        try await WebTestBed.with { _, bed in
            try await MutualTLSEndpoint.with(certificates) { server in
                for pfx in [certificates.clientPFX, certificates.legacyClientPFX] {
                    let run = await bed.run(
                        "WebActivity", typeProperties: Self.secureGet(server, Self.clientCertificate(pfx)))
                    let output = try run.requireSucceeded()
                    #expect(output["client"] == "verified")
                    #expect(!run.everythingShown.contains(pfx))
                    #expect(!run.everythingShown.contains(TestCertificates.pfxPassword))
                }
            }
        }
    }

    @Test("without a client certificate the server ends the handshake: ADF's 2108, request didn't reach the server")
    func noCertificate() async throws {
        let certificates = try Self.certificates()
        try await WebTestBed.with { _, bed in
            try await MutualTLSEndpoint.with(certificates) { server in
                let run = await bed.run("WebActivity", typeProperties: Self.secureGet(server, nil))
                let error = try run.requireFailed(code: "2108", messageContains: "Request didn't reach the server")
                #expect(error.message.contains("Error calling the endpoint '\(server.base)/secure'"))
            }
        }
    }

    @Test("the server's certificate is still checked unless disableCertValidation: the test CA is not trusted")
    func serverCertificateChecked() async throws {
        let certificates = try Self.certificates()
        try await WebTestBed.with { _, bed in
            try await MutualTLSEndpoint.with(certificates) { server in
                let run = await bed.run(
                    "WebActivity",
                    typeProperties: Self.secureGet(server, Self.clientCertificate(certificates.clientPFX), validate: true))
                try run.requireFailed(code: "2108", messageContains: "TLS failed with 127.0.0.1:\(server.port)")
                #expect(!run.everythingShown.contains(certificates.clientPFX))
            }
        }
    }

    @Test("a wrong password, a file that is no PFX, one without a key and an expired certificate name the property")
    func badCertificates() async throws {
        let certificates = try Self.certificates()
        let cases: [(JSONValue, String)] = [
            (Self.clientCertificate(certificates.clientPFX, password: "not-the-Password"), "the password does not open"),
            (Self.clientCertificate(Data("not a pfx at all".utf8).base64EncodedString()), "not a PFX (PKCS#12) file"),
            (Self.clientCertificate("%%% not base64 %%%"), "it is not base64 text"),
            (Self.clientCertificate(certificates.certificateOnlyPFX), "holds no private key"),
            (Self.clientCertificate(certificates.expiredClientPFX), "its certificate expired on"),
            (["type": "ClientCertificate", "password": "p"], "'typeProperties.authentication.pfx'"),
        ]
        try await WebTestBed.with { server, bed in
            for (authentication, fragment) in cases {
                let run = await bed.run(
                    "WebActivity",
                    typeProperties: [
                        "method": "GET", "url": .string("\(server.base)/json"), "authentication": authentication,
                    ])
                let error = try run.requireFailed(messageContains: fragment)
                #expect(["2103", "2105"].contains(error.errorCode))
                #expect(error.message.contains("'typeProperties.authentication.pfx'"))
                #expect(!run.everythingShown.contains("not-the-Password"))
                #expect(!run.everythingShown.contains(TestCertificates.pfxPassword))
                #expect(!run.everythingShown.contains(certificates.clientPFX))
            }
            #expect(await server.recorder.count(path: "/json") == 0)
        }
    }

    @Test("ServicePrincipal with a certificate sends a client assertion signed RS256 by its key, with x5t")
    func servicePrincipalCertificate() async throws {
        let certificates = try Self.certificates()
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": .string("\(server.base)/protected"),
                    "authentication": [
                        "type": "ServicePrincipal", "userTenant": .string(TestEndpoint.tenant),
                        "username": .string(TestEndpoint.clientId), "resource": "https://resource.example",
                        "pfx": ["type": "SecureString", "value": .string(certificates.clientPFX)],
                        "password": ["type": "SecureString", "value": .string(TestCertificates.pfxPassword)],
                    ],
                ])
            #expect(try run.requireSucceeded()["secret"] == "plans")

            let tokenPath = "/\(TestEndpoint.tenant)/oauth2/token"
            let request = try #require(await server.recorder.last(path: tokenPath))
            let fields = Self.form(request.body)
            #expect(fields["client_secret"] == nil)
            #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            let assertion = try #require(fields["client_assertion"])
            let parts = assertion.split(separator: ".").map(String.init)
            try #require(parts.count == 3)
            let header = try JSONParser.parse(try #require(Self.base64URLDecode(parts[0])))
            let claims = try JSONParser.parse(try #require(Self.base64URLDecode(parts[1])))
            #expect(header["alg"] == "RS256")
            #expect(header["typ"] == "JWT")
            #expect(header["x5t"]?.stringValue.flatMap(Self.base64URLDecode) == certificates.clientThumbprint)
            #expect(claims["aud"]?.stringValue == "\(server.base)\(tokenPath)")
            #expect(claims["iss"]?.stringValue == TestEndpoint.clientId)
            #expect(claims["sub"]?.stringValue == TestEndpoint.clientId)
            let notBefore = try #require(claims["nbf"]?.integerValue)
            let expires = try #require(claims["exp"]?.integerValue)
            #expect(expires - notBefore == 600)
            #expect(abs(notBefore - Int64(Date().timeIntervalSince1970)) < 60)

            let key = try _RSA.Signing.PublicKey(pemRepresentation: certificates.clientPublicKeyPEM)
            let signature = _RSA.Signing.RSASignature(rawRepresentation: try #require(Self.base64URLDecode(parts[2])))
            #expect(
                key.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8), padding: .insecurePKCS1v1_5))
            #expect(!run.everythingShown.contains(assertion))
            #expect(!run.everythingShown.contains(certificates.clientPFX))
            #expect(!run.everythingShown.contains(TestCertificates.pfxPassword))
        }
    }

    static func form(_ body: String) -> [String: String] {
        Dictionary(
            body.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
            }, uniquingKeysWith: { $1 })
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
