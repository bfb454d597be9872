import Foundation
import PluginKit

/// A `RestService` linked service: the base `url`, how requests are authenticated, and
/// `authHeaders`. Secrets (password, service principal key, header values) may be strings or
/// `SecureString`s; Key Vault references arrive resolved by the host.
struct RestLinkedService: Sendable {
    /// `AadServicePrincipal`'s credential and where its token comes from.
    struct ServicePrincipal: Sendable, Hashable {
        var tenant: String
        var clientId: String
        var secret: String
        var resource: String
        /// The authority host of `azureCloudType`, unless the plugin's settings name another.
        var authorityHost: String
    }

    enum Authentication: Sendable {
        case anonymous
        /// The `Authorization` header value (`Basic ` + base64 of `user:password`) and the password.
        case basic(header: String, password: String)
        case servicePrincipal(ServicePrincipal)
    }

    let name: String
    let url: String
    let authentication: Authentication
    let authHeaders: [RestRequest.Header]

    /// Every secret text, to scrub from anything shown (response excerpts, messages).
    var secrets: [String] {
        var texts = authHeaders.map(\.value)
        switch authentication {
        case .anonymous: break
        case .basic(let header, let password): texts += [header, String(header.dropFirst("Basic ".count)), password]
        case .servicePrincipal(let principal): texts.append(principal.secret)
        }
        return texts.filter { $0.count >= 4 }
    }

    /// The authority hosts of `azureCloudType`.
    static let authorityHosts: [String: String] = [
        "azurepublic": "https://login.microsoftonline.com", "azurechina": "https://login.chinacloudapi.cn",
        "azureusgovernment": "https://login.microsoftonline.us", "azuregermany": "https://login.microsoftonline.de",
    ]

    /// Reads `service`; `authorityHost` is the plugin's setting, which replaces every cloud's host.
    init(_ service: Invocation.LinkedService, authorityHost: String?) throws(ActivityFailure) {
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        name = service.name
        url = try reader.requiredString("url")
        guard let components = URLComponents(string: url),
            ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
            components.host?.isEmpty == false
        else {
            throw ActivityFailure.invalidProperty(
                reader.member("url"), "expected an http:// or https:// URL, found '\(url)'")
        }
        guard try reader.bool("enableServerCertificateValidation") ?? true else {
            throw ActivityFailure.invalidProperty(
                reader.member("enableServerCertificateValidation"),
                "pipehost always checks server certificates; remove the property or set it to true")
        }
        switch try reader.string("authenticationType")?.lowercased() {
        case nil, "", "anonymous":
            authentication = .anonymous
        case "basic":
            let user = try reader.requiredString("userName")
            let password = try BlobLinkedService.secret(reader, "password") ?? ""
            authentication = .basic(
                header: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), password: password)
        case "aadserviceprincipal":
            if let kind = try reader.string("servicePrincipalCredentialType"),
                kind.lowercased() != "serviceprincipalkey"
            {
                throw ActivityFailure.invalidProperty(
                    reader.member("servicePrincipalCredentialType"),
                    "pipehost supports ServicePrincipalKey, not '\(kind)'; give servicePrincipalKey")
            }
            guard let secret = try BlobLinkedService.secret(reader, "servicePrincipalKey") else {
                throw ActivityFailure.missingProperty(reader.member("servicePrincipalKey"))
            }
            let cloud = try reader.string("azureCloudType") ?? "AzurePublic"
            guard let cloudHost = Self.authorityHosts[cloud.lowercased()] else {
                throw ActivityFailure.invalidProperty(
                    reader.member("azureCloudType"),
                    "expected AzurePublic, AzureChina, AzureUsGovernment or AzureGermany, found '\(cloud)'")
            }
            authentication = .servicePrincipal(
                ServicePrincipal(
                    tenant: try reader.requiredString("tenant"),
                    clientId: try reader.requiredString("servicePrincipalId"),
                    secret: secret, resource: try reader.requiredString("aadResourceId"),
                    authorityHost: authorityHost ?? cloudHost))
        case let other?:
            throw ActivityFailure.invalidProperty(
                reader.member("authenticationType"),
                "pipehost supports Anonymous, Basic and AadServicePrincipal, not '\(other)'")
        }
        var headers: [RestRequest.Header] = []
        // The doc's table says authHeaders and its example authHeader; both are read.
        let headersReader = try reader.object(reader.value("authHeaders") == nil ? "authHeader" : "authHeaders")
        for (key, _) in headersReader.object {
            headers.append(.init(name: key, value: try BlobLinkedService.secret(headersReader, key) ?? ""))
        }
        authHeaders = headers
    }
}
