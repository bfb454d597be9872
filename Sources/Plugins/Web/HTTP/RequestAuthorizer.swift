import Foundation
import PluginKit

/// Adds an activity's authentication to its request headers.
struct RequestAuthorizer: Sendable {
    let tokens: ServicePrincipalTokens

    /// `headers` with the `Authorization` that `authentication` asks for, and the credentials
    /// as they travel (the Basic header's base64, a token), to be scrubbed from messages.
    func authorize(_ headers: RequestHeaders, _ authentication: WebAuthentication) async throws
        -> (headers: RequestHeaders, secrets: [String])
    {
        var result = headers
        switch authentication {
        case .none, .clientCertificate:  // the certificate travels in the TLS handshake
            return (result, [])
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            result.set("Authorization", "Basic \(encoded)")
            return (result, [encoded])
        case .servicePrincipal(let credential):
            let token = try await tokens.token(for: credential)
            result.set("Authorization", "Bearer \(token)")
            return (result, [token])
        }
    }
}
