import PluginKit

/// The failures of a Web or WebHook call, in ADF's words (data-factory-troubleshoot-guide).
/// URLs are shown without their query, which often carries a key.
struct WebFailures: Sendable {
    /// The URL as shown.
    let url: String
    let scrubber: SecretScrubber

    init(url: String, secrets: [String]) {
        self.url = WebURL.withoutQuery(url)
        scrubber = SecretScrubber(secrets)
    }

    /// 2108: the endpoint answered with a failure status.
    func status(_ response: WebResponse) -> ActivityFailure {
        let body = response.excerpt(scrubbing: scrubber)
        let details = body.isEmpty ? response.reason : "\(response.reason): \(body)"
        let message =
            "Error calling the endpoint '\(url)'. Response status code: '\(response.status)'. More details: \(details)"
        return response.status < 500
            ? .userError(message, code: ActivityErrorCode.webEndpointCallFailed)
            : .systemError(message, code: ActivityErrorCode.webEndpointCallFailed)
    }

    /// 2108: no answer at all.
    func unreachable(_ reason: String) -> ActivityFailure {
        .systemError(
            "Error calling the endpoint '\(url)'. Response status code: 'NA - Unknown'. More details: Exception message: "
                + "'\(scrubber.scrub(reason))'. Request didn't reach the server from the client.",
            code: ActivityErrorCode.webEndpointCallFailed)
    }

    /// 2128: no answer within the request timeout.
    func timedOut(after timeout: Duration) -> ActivityFailure {
        .systemError(
            "No response from the endpoint. Possible causes: network connectivity, DNS failure, server certificate "
                + "validation or timeout. '\(url)' did not answer within \(TimeSpanText.text(timeout)).",
            code: ActivityErrorCode.webEndpointNoResponse)
    }

    /// 2001: the answer is over ADF's 4 MB limit.
    static let tooLarge = ActivityFailure.outputTooLarge()

    /// The failure for an outcome without a usable answer; nil for an answer.
    func failure(_ outcome: WebHTTPClient.Outcome, timeout: Duration) -> ActivityFailure? {
        switch outcome {
        case .answered: nil
        case .tooLarge: Self.tooLarge
        case .timedOut: timedOut(after: timeout)
        case .unreachable(let reason): unreachable(reason)
        }
    }
}
