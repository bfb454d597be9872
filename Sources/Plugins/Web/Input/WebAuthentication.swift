import PluginKit

/// The `authentication` of a Web or WebHook activity.
enum WebAuthentication: Sendable, Equatable {
    /// No `authentication` (or type `None`/`Anonymous`).
    case none
    /// `Basic`: `username` and `password`.
    case basic(username: String, password: String)
    /// `ServicePrincipal`: a token from `{authorityHost}/{tenant}/oauth2/token` for `resource`,
    /// with the client secret `servicePrincipalKey` or a certificate.
    case servicePrincipal(ServicePrincipalCredential)
    /// `ClientCertificate`: the PFX `pfx` (with its `password`) is the TLS client certificate.
    case clientCertificate(ClientCertificate)

    /// Reads `authentication`; `path` is its JSON path (`typeProperties.authentication`).
    init(_ value: JSONValue?, path: String) throws(ActivityFailure) {
        guard let value, !value.isNull else {
            self = .none
            return
        }
        let reader = try PropertyReader(value, path: path)
        let type = try reader.string("type") ?? ""
        if reader.value("credential") != nil {
            throw .userError(
                "\(type) authentication with a credential reference ('\(reader.path("credential"))') is not supported by "
                    + "pipehost, which has no factory credentials; give the secret or certificate in the authentication itself.",
                code: ActivityErrorCode.webAuthenticationNotSupported)
        }
        switch type.lowercased() {
        case "", "none", "anonymous":
            self = .none
        case "basic":
            self = .basic(
                username: try reader.requiredString("username"), password: try reader.requiredSecret("password"))
        case "serviceprincipal":
            self = .servicePrincipal(try ServicePrincipalCredential(reader))
        case "clientcertificate":
            self = .clientCertificate(
                try ClientCertificate(
                    pfx: try reader.requiredSecret("pfx"), password: try reader.secret("password"),
                    pfxPath: reader.path("pfx")))
        case "msi", "managedserviceidentity", "systemassignedmanagedidentity", "userassignedmanagedidentity":
            throw .userError(
                "Get access token from MSI failed: '\(path)' asks for \(type) authentication, and a pipeline run by "
                    + "pipehost has no managed identity (there is none outside Azure). Use ServicePrincipal authentication "
                    + "with the identity's tenant, client id and secret instead.",
                code: ActivityErrorCode.managedIdentityTokenFailed)
        default:
            throw .invalidProperty(
                reader.path("type"),
                "'\(type)' is not an authentication type; use Basic, ClientCertificate, ServicePrincipal, MSI, "
                    + "SystemAssignedManagedIdentity or UserAssignedManagedIdentity")
        }
    }

    /// What must never be shown.
    var secrets: [String] {
        switch self {
        case .none: []
        case .basic(_, let password): [password]
        case .servicePrincipal(let credential): credential.secrets
        case .clientCertificate(let certificate): certificate.secrets
        }
    }

    /// The certificate to present in TLS handshakes, if any.
    var tlsClientCertificate: ClientCertificate? {
        if case .clientCertificate(let certificate) = self { return certificate }
        return nil
    }
}

/// A service principal's client-credentials grant.
///
/// Read as ADF's documentation writes it (`tenant`, `servicePrincipalId`, `servicePrincipalKey`)
/// or as the authoring UI and SDK models do (`userTenant`, `username`, `password`). A base64 PFX in
/// `pfx` (or `servicePrincipalCert`), with its `password`, replaces the secret: the token request
/// then carries a client assertion signed with the certificate's key.
struct ServicePrincipalCredential: Sendable, Hashable {
    /// What proves the service principal's identity.
    enum Proof: Sendable, Hashable {
        case secret(String)
        case certificate(ClientCertificate)
    }

    var tenant: String
    var clientId: String
    var proof: Proof
    var resource: String

    init(tenant: String, clientId: String, proof: Proof, resource: String) {
        self.tenant = tenant
        self.clientId = clientId
        self.proof = proof
        self.resource = resource
    }

    init(_ reader: PropertyReader) throws(ActivityFailure) {
        tenant = try Self.either(reader, "tenant", "userTenant")
        clientId = try Self.either(reader, "servicePrincipalId", "username")
        resource = try reader.requiredString("resource")
        let certificateName = reader.value("pfx") != nil ? "pfx" : "servicePrincipalCert"
        if reader.value(certificateName) != nil {
            proof = .certificate(
                try ClientCertificate(
                    pfx: try reader.requiredSecret(certificateName),
                    password: try reader.secret("password"),
                    pfxPath: reader.path(certificateName)))
        } else if reader.value("servicePrincipalKey") == nil, reader.value("password") != nil {
            proof = .secret(try reader.requiredSecret("password"))
        } else {
            proof = .secret(try reader.requiredSecret("servicePrincipalKey"))
        }
    }

    /// The first of two names that is there; missing names the first.
    private static func either(_ reader: PropertyReader, _ name: String, _ alias: String) throws(ActivityFailure)
        -> String
    {
        if reader.value(name) == nil, reader.value(alias) != nil { return try reader.requiredString(alias) }
        return try reader.requiredString(name)
    }

    /// What must never be shown.
    var secrets: [String] {
        switch proof {
        case .secret(let secret): [secret]
        case .certificate(let certificate): certificate.secrets
        }
    }
}
