import Foundation
import PluginKit
import Synchronization

/// OAuth2 client-credentials tokens for ServicePrincipal authentication, from
/// `{authorityHost}/{tenant}/oauth2/token` (Microsoft Entra ID's v1 endpoint, which takes the
/// `resource` ADF names), kept in memory until shortly before they expire. A service principal
/// with a certificate proves itself with a ``ClientAssertion`` instead of a client secret.
///
/// Tokens are never logged, stored in operation states or put into outputs.
final class ServicePrincipalTokens: Sendable {
    private struct Key: Hashable {
        var authority: String
        var credential: ServicePrincipalCredential
    }

    private struct Cached {
        var token: String
        var expires: ContinuousClock.Instant
    }

    private let client: WebHTTPClient
    private let authorityHost: String
    private let cache = Mutex<[Key: Cached]>([:])
    /// A token is renewed this long before it expires.
    static let renewalMargin: Duration = .seconds(300)
    static let requestTimeout: Duration = .seconds(60)

    init(client: WebHTTPClient, authorityHost: String) {
        self.client = client
        self.authorityHost = authorityHost
    }

    /// The token endpoint of `tenant`.
    func endpoint(tenant: String) -> String {
        let encoded = tenant.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? tenant
        return "\(authorityHost)/\(encoded)/oauth2/token"
    }

    /// A valid access token for `credential`, from the cache or a new request.
    func token(for credential: ServicePrincipalCredential) async throws -> String {
        let key = Key(authority: authorityHost, credential: credential)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[key] }), cached.expires > now { return cached.token }

        let url = endpoint(tenant: credential.tenant)
        var fields = [("grant_type", "client_credentials"), ("client_id", credential.clientId)]
        var secrets = credential.secrets
        switch credential.proof {
        case .secret(let secret):
            fields.append(("client_secret", secret))
        case .certificate(let certificate):
            let assertion = try ClientAssertion.make(
                clientId: credential.clientId, audience: url, certificate: certificate)
            secrets.append(assertion)
            fields += [("client_assertion_type", ClientAssertion.type), ("client_assertion", assertion)]
        }
        fields.append(("resource", credential.resource))
        let form = fields.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        var headers = RequestHeaders()
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        headers.set("Accept", "application/json")
        let scrubber = SecretScrubber(secrets)
        let outcome = try await client.send(
            .init(method: .post, url: url, headers: headers, body: Array(form.utf8), timeout: Self.requestTimeout))
        let response: WebResponse
        switch outcome {
        case .answered(let answer):
            response = answer
        case .tooLarge:
            throw failure("its answer is larger than 4 MB", url: url)
        case .timedOut:
            throw failure("no answer within \(Self.requestTimeout.components.seconds) s", url: url)
        case .unreachable(let reason):
            throw failure(scrubber.scrub(reason), url: url)
        }
        guard response.isSuccess else {
            let detail =
                response.json?["error_description"]?.stringValue ?? response.excerpt(scrubbing: scrubber, limit: 500)
            throw failure("it answered \(response.status): \(scrubber.scrub(detail))", url: url)
        }
        guard let token = response.json?["access_token"]?.stringValue, !token.isEmpty else {
            throw failure("its answer has no access_token", url: url)
        }
        let lifetime = Self.seconds(response.json?["expires_in"]) ?? 3600
        let expires = now.advanced(by: .seconds(max(lifetime, 0))) - Self.renewalMargin
        cache.withLock { $0[key] = Cached(token: token, expires: expires) }
        return token
    }

    private func failure(_ reason: String, url: String) -> ActivityFailure {
        .userError(
            "Could not get a token for ServicePrincipal authentication from '\(url)': \(reason).",
            code: ActivityErrorCode.webTokenRequestFailed)
    }

    /// `expires_in`: a number, or the string of one (the v1 endpoint writes strings).
    private static func seconds(_ value: JSONValue?) -> Int64? {
        if let number = value?.integerValue { return number }
        if let text = value?.stringValue { return Int64(text) }
        return nil
    }

    private static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
