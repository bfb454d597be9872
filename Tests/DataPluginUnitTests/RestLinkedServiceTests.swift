import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// `RestService` linked services: authentication types, `authHeaders`, clouds, and the messages of
/// properties pipehost refuses.
@Suite(.tags(.small))
struct RestLinkedServiceTests {
    private func service(_ typeProperties: JSONObject, authorityHost: String? = nil) throws -> RestLinkedService {
        let dataset = Invocation.Dataset(
            json: [
                "name": "D", "type": "RestResource",
                "linkedService": ["name": "Api", "type": "RestService", "typeProperties": .object(typeProperties)],
            ])
        return try RestLinkedService(try #require(dataset?.linkedService), authorityHost: authorityHost)
    }

    @Test func basicAuthenticationWithASecureStringPassword() throws {
        let rest = try service([
            "url": "https://api.example", "authenticationType": "Basic", "userName": "ann",
            "password": ["type": "SecureString", "value": "s3cret"],
        ])
        guard case .basic(let header, let password) = rest.authentication else {
            Issue.record("not basic")
            return
        }
        #expect(header == "Basic YW5uOnMzY3JldA==")
        #expect(password == "s3cret")
        #expect(rest.secrets == [header, "YW5uOnMzY3JldA==", "s3cret"])
    }

    @Test func servicePrincipalTakesTheCloudsAuthorityUnlessTheSettingsNameOne() throws {
        let properties: JSONObject = [
            "url": "https://api.example", "authenticationType": "AadServicePrincipal", "servicePrincipalId": "app",
            "servicePrincipalKey": ["type": "SecureString", "value": "key-1"], "tenant": "contoso",
            "aadResourceId": "https://api.example", "azureCloudType": "AzureChina",
        ]
        guard case .servicePrincipal(let china) = try service(properties).authentication else {
            Issue.record("not a service principal")
            return
        }
        #expect(china.authorityHost == "https://login.chinacloudapi.cn")
        #expect(AadTokens.endpoint(china) == "https://login.chinacloudapi.cn/contoso/oauth2/token")
        guard
            case .servicePrincipal(let local) = try service(properties, authorityHost: "http://127.0.0.1:1")
                .authentication
        else { return }
        #expect(local.authorityHost == "http://127.0.0.1:1")
        #expect(try service(properties).secrets == ["key-1"])
    }

    @Test func authHeadersAreReadUnderEitherSpelling() throws {
        let plural = try service([
            "url": "https://a", "authHeaders": ["x-api-key": ["type": "SecureString", "value": "k123"]],
        ])
        #expect(plural.authHeaders == [.init(name: "x-api-key", value: "k123")])
        let singular = try service(["url": "https://a", "authHeader": ["x-api-key": "k456"]])
        #expect(singular.authHeaders == [.init(name: "x-api-key", value: "k456")])
        #expect(singular.secrets == ["k456"])
    }

    static let refused: [(JSONObject, String, String)] = [
        (["url": "ftp://a"], "typeProperties.url", "expected an http:// or https:// URL"),
        (
            ["url": "https://a", "authenticationType": "ManagedServiceIdentity"], "typeProperties.authenticationType",
            "Anonymous, Basic and AadServicePrincipal"
        ),
        (
            ["url": "https://a", "enableServerCertificateValidation": false],
            "typeProperties.enableServerCertificateValidation", "always checks server certificates"
        ),
        (
            [
                "url": "https://a", "authenticationType": "AadServicePrincipal", "servicePrincipalId": "a",
                "tenant": "t",
                "aadResourceId": "r", "servicePrincipalKey": "k", "azureCloudType": "Mars",
            ], "typeProperties.azureCloudType",
            "expected AzurePublic"
        ),
        (
            [
                "url": "https://a", "authenticationType": "AadServicePrincipal", "servicePrincipalId": "a",
                "tenant": "t",
                "aadResourceId": "r",
            ], "typeProperties.servicePrincipalKey", ""
        ),
        (["url": "https://a", "authenticationType": "Basic"], "typeProperties.userName", ""),
    ]

    @Test(arguments: refused)
    func refusedPropertiesNameThemselves(properties: JSONObject, path: String, fragment: String) {
        #expect {
            _ = try service(properties)
        } throws: { error in
            guard let message = (error as? ActivityFailure)?.message else { return false }
            return message.contains("linked service 'Api' \(path)") && message.contains(fragment)
        }
    }
}
