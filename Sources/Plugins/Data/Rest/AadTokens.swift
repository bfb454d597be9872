import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PluginKit

/// OAuth2 client-credentials tokens for `AadServicePrincipal` REST sources, from
/// `{authorityHost}/{tenant}/oauth2/token` (Microsoft Entra ID's v1 endpoint, which takes ADF's
/// `aadResourceId` as `resource`), kept in memory until five minutes before they expire. The same
/// protocol as the Web plugin's ServicePrincipal authentication, over the data plugin's client.
///
/// Tokens and keys are never logged or put into messages.
final class AadTokens: Sendable {
    private struct Cached {
        var token: String
        var expires: ContinuousClock.Instant
    }

    private let cache = LockedState<[RestLinkedService.ServicePrincipal: Cached]>([:])
    static let renewalMargin: Duration = .seconds(300)
    static let requestTimeout: Duration = .seconds(60)
    /// The largest token response read.
    static let maximumResponseBytes = 1024 * 1024

    /// The token endpoint of `principal`.
    static func endpoint(_ principal: RestLinkedService.ServicePrincipal) -> String {
        let encoded =
            principal.tenant.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
            ?? principal.tenant
        return "\(principal.authorityHost)/\(encoded)/oauth2/token"
    }

    /// A valid access token for `principal`, from the cache or a new request through `client`.
    func token(for principal: RestLinkedService.ServicePrincipal, client: HTTPClient) async throws(ActivityFailure)
        -> String
    {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[principal] }), cached.expires > now { return cached.token }
        let url = Self.endpoint(principal)
        let form = [
            ("grant_type", "client_credentials"), ("client_id", principal.clientId),
            ("client_secret", principal.secret), ("resource", principal.resource),
        ].map { "\($0)=\(RestRequest.encode($1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: form))
        let scrub: (String) -> String = { $0.replacingOccurrences(of: principal.secret, with: "***") }
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .init(Self.requestTimeout))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            throw RestFailure.tokenRequestFailed(url: url, reason: scrub("\(error)")).failure
        }
        let json = try? JSONParser.parse(Array(body.readableBytesView))
        guard (200..<300).contains(status) else {
            let detail = json?["error_description"]?.stringValue ?? String(String(buffer: body).prefix(500))
            throw RestFailure.tokenRequestFailed(url: url, reason: "it answered HTTP \(status): \(scrub(detail))")
                .failure
        }
        guard let token = json?["access_token"]?.stringValue, !token.isEmpty else {
            throw RestFailure.tokenRequestFailed(url: url, reason: "its answer has no access_token").failure
        }
        let lifetime =
            json?["expires_in"]?.integerValue ?? json?["expires_in"]?.stringValue.flatMap { Int64($0) } ?? 3600
        let expires = now.advanced(by: .seconds(max(lifetime, 0))) - Self.renewalMargin
        cache.withLock { $0[principal] = Cached(token: token, expires: expires) }
        return token
    }
}
