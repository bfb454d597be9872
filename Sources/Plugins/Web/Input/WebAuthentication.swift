import PluginKit

/// The `authentication` of a Web or WebHook activity.
enum WebAuthentication: Sendable, Equatable {
    /// No `authentication` (or type `None`/`Anonymous`).
    case none
    /// `Basic`: `username` and `password`.
    case basic(username: String, password: String)
    /// `ServicePrincipal`: a token from `{authorityHost}/{tenant}/oauth2/token` for `resource`,
    /// with the client secret `servicePrincipalKey`.
    case servicePrincipal(ServicePrincipalCredential)

    /// Reads `authentication`; `path` is its JSON path (`typeProperties.authentication`).
    init(_ value: JSONValue?, path: String) throws(ActivityFailure) {
        guard let value, !value.isNull else {
            self = .none
            return
        }
        let reader = try PropertyReader(value, path: path)
        let type = try reader.string("type") ?? ""
        switch type.lowercased() {
        case "", "none", "anonymous":
            self = .none
        case "basic":
            self = .basic(
                username: try reader.requiredString("username"), password: try reader.requiredSecret("password"))
        case "serviceprincipal":
            if reader.value("servicePrincipalKey") == nil, reader.value("servicePrincipalCert") != nil {
                throw .userError(
                    "ServicePrincipal authentication with a certificate ('\(reader.path("servicePrincipalCert"))') is not "
                        + "supported by pipehost; give the client secret as 'servicePrincipalKey'.",
                    code: ActivityErrorCode.webAuthenticationNotSupported)
            }
            self = .servicePrincipal(
                ServicePrincipalCredential(
                    tenant: try reader.requiredString("tenant"),
                    clientId: try reader.requiredString("servicePrincipalId"),
                    secret: try reader.requiredSecret("servicePrincipalKey"),
                    resource: try reader.requiredString("resource")))
        case "clientcertificate":
            throw .userError(
                "ClientCertificate authentication ('\(path)') is not supported by pipehost: it cannot present a PFX "
                    + "client certificate yet. Use Basic or ServicePrincipal authentication, or call the endpoint without it.",
                code: ActivityErrorCode.webAuthenticationNotSupported)
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
        case .servicePrincipal(let credential): [credential.secret]
        }
    }
}

/// A service principal's client-credentials grant.
struct ServicePrincipalCredential: Sendable, Hashable {
    var tenant: String
    var clientId: String
    var secret: String
    var resource: String
}
